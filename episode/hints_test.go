package episode

import (
	"slices"
	"strings"
	"testing"
)

// TestMisspeltKeys checks the warnings about keys that look like a known
// key misspelt, and the silence about the others.
func TestMisspeltKeys(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // exact warnings
	}{
		{"swapped letters", withKeys("seires: Paroles d'experts"),
			[]string{`show/ep.md:4: seires: unknown key; did you mean "series"?`}},
		{"dropped letter", withKeys("seson: 2"),
			[]string{`show/ep.md:4: seson: unknown key; did you mean "season"?`}},
		{"swapped letters in image", withKeys("imgae: ./cover.webp"),
			[]string{`show/ep.md:4: imgae: unknown key; did you mean "image"?`}},
		{"singular of tags", withKeys("tag: Podcast"),
			[]string{`show/ep.md:4: tag: unknown key; did you mean "tags"?`}},
		{"plural of image", withKeys("images: [./cover.webp]"),
			[]string{`show/ep.md:4: images: unknown key; did you mean "image"?`}},
		{"case is kept in the field", withKeys("Seires: A"),
			[]string{`show/ep.md:4: Seires: unknown key; did you mean "series"?`}},
		{"two letters off a long key", withKeys("descrption: A", "explict: true"),
			[]string{
				`show/ep.md:4: descrption: unknown key; did you mean "description"?`,
				`show/ep.md:5: explict: unknown key; did you mean "explicit"?`,
			}},
		{"dash for underscore", withKeys("episode-type: bonus"),
			[]string{`show/ep.md:4: episode-type: unknown key; did you mean "episode_type"?`}},
		{"updated misspelt", withKeys("upated: 2025-02-01", "lastmdo: 2025-02-01"),
			[]string{
				`show/ep.md:4: upated: unknown key; did you mean "updated"?`,
				`show/ep.md:5: lastmdo: unknown key; did you mean "lastmod"?`,
			}},
		{"toml", "+++\ntitle = 'A'\ndate = 2025-01-17\nseires = 'S'\n+++\n",
			[]string{`show/ep.md:4: seires: unknown key; did you mean "series"?`}},
		{"json", "{\n\"title\": \"A\",\n\"date\": \"2025-01-17\",\n\"imgae\": \"a.webp\"\n}\n",
			[]string{`show/ep.md:4: imgae: unknown key; did you mean "image"?`}},
		// Silence: the known key is there too, so the other one is meant.
		{"both tag and tags", withKeys("tags: [a]", "tag: b"), nil},
		{"both image and images", withKeys("image: https://example.org/a.webp", "images: [b.webp]"), nil},
		{"episodeType and episode_type are one key", withKeys("episodeType: bonus", "episode-type: full"), nil},
		{"updated and lastmod are one key", withKeys("lastmod: 2025-02-01", "update: x"), nil},
		// Silence: the writer's own keys, far from every known key.
		{"own keys", withKeys("layout: layouts/post.njk", "type: video", "author: Anne", "name: x", "links: [a]", "weight: 3", "ordre: 2"), nil},
		{"short keys", withKeys("id: 3", "ep: 4"), nil},
		{"two edits on a short key", withKeys("lesson: 1", "guest: Anne", "time: 10:00"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := mustParse(t, tt.src)
			if got := warningsOf(diags); !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMisspeltKeysInMappings checks the keys of an image's, a medium's
// and a person's mapping.
func TestMisspeltKeysInMappings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // exact warnings
	}{
		{"image path", withKeys("image:", "  paht: https://example.org/a.webp", "  alt: A"),
			[]string{
				`show/ep.md:4: image: unknown key "paht"; did you mean "path"?`,
				`show/ep.md:4: image: a mapping without path: ignored`,
			}},
		{"image alt", withKeys("image:", "  path: https://example.org/a.webp", "  atl: A"),
			[]string{`show/ep.md:4: image: unknown key "atl"; did you mean "alt"?`}},
		{"image src and a misspelt url", withKeys("image:", "  src: https://example.org/a.webp", "  ulr: x"), nil},
		{"image with own keys", withKeys("image:", "  path: https://example.org/a.webp", "  alt: A", "  width: 10", "  credit: B"), nil},
		{"audio length", withKeys("audio:", "  url: https://example.org/a.mp3", "  lenght: 1000"),
			[]string{`show/ep.md:4: audio: unknown key "lenght"; did you mean "length"?`}},
		{"person role", withKeys("persons:", "  - name: Anne", "    rôle: host"),
			[]string{`show/ep.md:4: persons: unknown key "rôle"; did you mean "role"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := mustParse(t, tt.src)
			if got := warningsOf(diags); !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMisspeltTitle checks that a file that fails for want of a title
// says which key was probably meant.
func TestMisspeltTitle(t *testing.T) {
	ep, diags := parse(t, "---\ntitel: A\ndate: 2025-01-17\n---\n")
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		"show/ep.md:1: title: missing: an episode needs a title",
		`show/ep.md:2: titel: unknown key; did you mean "title"?`,
	}
	if ep != nil || !slices.Equal(got, want) {
		t.Errorf("episode %v, diagnostics:\n%s\nwant:\n%s", ep != nil, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMisspeltKeyKeepsValue checks that a misspelt key still reaches
// Params and leaves its field empty: the warning changes nothing else.
func TestMisspeltKeyKeepsValue(t *testing.T) {
	ep, _ := mustParse(t, withKeys("seires: S"))
	if ep.Series != "" || ep.Params["seires"] != "S" {
		t.Errorf("Series = %q, Params = %v; want no series and seires in Params", ep.Series, ep.Params)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"tags", "tags", 0}, {"tag", "tags", 1}, {"seires", "series", 1},
		{"imgae", "image", 1}, {"seson", "season", 1}, {"date", "data", 1}, {"date", "name", 2},
		{"lesson", "season", 2}, {"ca", "abc", 3}, {"séries", "series", 1}, {"", "abc", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestBrokenLists checks the warnings about a list item folded into the
// value above it, and that the values are still read as YAML reads them.
func TestBrokenLists(t *testing.T) {
	tests := []struct {
		name, src string
		tags      []string
		want      []string // exact warnings
	}{
		{"item indented more than the one above", withKeys("tags:", "- Podcast", "  - Sobriété"),
			[]string{"Podcast - Sobriété"},
			[]string{`show/ep.md:6: tags: "- Sobriété" is indented more than the item above, so YAML reads both as one item "Podcast - Sobriété": indent every "- " alike`}},
		{"in an indented list", withKeys("tags:", "  - Podcast", "    - Sobriété", "  - Vidéo"),
			[]string{"Podcast - Sobriété", "Vidéo"},
			[]string{`show/ep.md:6: tags: "- Sobriété" is indented more than the item above, so YAML reads both as one item "Podcast - Sobriété": indent every "- " alike`}},
		{"first item on the key's line", withKeys("tags: Podcast", "  - Sobriété"),
			[]string{"Podcast - Sobriété"},
			[]string{`show/ep.md:5: tags: "- Sobriété" continues the value of line 4, so YAML reads one value "Podcast - Sobriété": for a list, put tags: alone on its line and each item below it, starting with "- "`}},
		{"after a continued line", withKeys("tags:", "  - Podcast", "    numérique", "    - Sobriété"),
			[]string{"Podcast numérique - Sobriété"},
			[]string{`show/ep.md:7: tags: "- Sobriété" is indented more than the item above, so YAML reads both as one item "Podcast numérique - Sobriété": indent every "- " alike`}},
		{"persons", withKeys("persons:", "  - Anne", "    - Paul"),
			nil,
			[]string{`show/ep.md:6: persons: "- Paul" is indented more than the item above, so YAML reads both as one item "Anne - Paul": indent every "- " alike`}},
		{"own key written with accents", withKeys("thème: Podcast", "  - Sobriété"),
			nil,
			[]string{`show/ep.md:5: thème: "- Sobriété" continues the value of line 4, so YAML reads one value "Podcast - Sobriété": for a list, put thème: alone on its line and each item below it, starting with "- "`}},
		// Silence: a dash inside a value is text.
		{"dash inside a tag", withKeys("tags:", "  - IA - Data", "  - Vidéo"), []string{"IA - Data", "Vidéo"}, nil},
		{"dash at the start of a quoted continuation", withKeys("tags:", "  - 'Podcast", "    - Sobriété'"), []string{"Podcast - Sobriété"}, nil},
		{"folded description", withKeys("description: >", "  Un épisode", "  - le retour"), nil, nil},
		{"well-formed list", withKeys("tags:", "- Podcast", "- Sobriété"), []string{"Podcast", "Sobriété"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, tt.src)
			if !slices.Equal(ep.Tags, tt.tags) {
				t.Errorf("Tags = %q, want %q", ep.Tags, tt.tags)
			}
			if got := warningsOf(diags); !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestDroppedByComment checks the warning about a value cut short by " #".
func TestDroppedByComment(t *testing.T) {
	tests := []struct {
		name, src string
		title     string
		want      []string
	}{
		{"number after a hash", "---\ntitle: Épisode #6\ndate: 2025-01-17\n---\n", "Épisode",
			[]string{`show/ep.md:2: title: " #" starts a comment, so the value is "Épisode" and "#6" is dropped: to keep it, put the value in quotes: title: "Épisode #6"`}},
		{"in a list", withKeys("tags:", "  - Podcast #numérique"), "A",
			[]string{`show/ep.md:5: tags: " #" starts a comment, so the value is "Podcast" and "#numérique" is dropped: to keep it, put the value in quotes: - "Podcast #numérique"`}},
		{"a comment with a space", "---\ntitle: Épisode # provisoire\ndate: 2025-01-17\n---\n", "Épisode", nil},
		{"quoted", "---\ntitle: 'Épisode #6'\ndate: 2025-01-17\n---\n", "Épisode #6", nil},
		{"hash without a space before", "---\ntitle: Épisode#6\ndate: 2025-01-17\n---\n", "Épisode#6", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, tt.src)
			if ep.Title != tt.title {
				t.Errorf("Title = %q, want %q", ep.Title, tt.title)
			}
			if got := warningsOf(diags); !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestYAMLHints checks the plain-words hints added to yaml.v3's errors,
// with the parser's message kept in parentheses and the line of the
// mistake.
func TestYAMLHints(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the exact error
	}{
		{"colon with a space before", "---\ntitle: Épisode 6 : le retour\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: a value containing ":" must be in quotes: write title: "Épisode 6 : le retour" (yaml: mapping values are not allowed in this context)`},
		{"colon", "---\ndate: 2025-01-17\ntitle: Épisode 6: le retour\n---\n",
			`show/ep.md:3: front matter: a value containing ":" must be in quotes: write title: "Épisode 6: le retour" (yaml: mapping values are not allowed in this context)`},
		{"colon at the end", "---\ntitle: Épisode 6 :\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: a value containing ":" must be in quotes: write title: "Épisode 6 :" (yaml: mapping values are not allowed in this context)`},
		{"colon and apostrophe", "---\ntitle: A\ndescription: L'épisode : le retour\n---\n",
			`show/ep.md:3: front matter: a value containing ":" must be in quotes: write description: "L'épisode : le retour" (yaml: mapping values are not allowed in this context)`},
		{"colon and double quotes", "---\ntitle: A\ndescription: Le « grand » \"retour\" : suite\n---\n",
			`show/ep.md:3: front matter: a value containing ":" must be in quotes: write description: 'Le « grand » "retour" : suite' (yaml: mapping values are not allowed in this context)`},
		{"colon in a list item", "---\ntitle: A\ntags:\n  - a\n  - b: c: d\n---\n",
			`show/ep.md:5: front matter: a value containing ":" must be in quotes: write - b: "c: d" (yaml: mapping values are not allowed in this context)`},
		{"tab before a key", "---\ntitle: a\n\tdate: 2025-01-17\n---\n",
			`show/ep.md:3: front matter: a tab cannot indent YAML: indent with spaces (yaml: found a tab character that violates indentation)`},
		{"tab before an item", "---\ntitle: a\ntags:\n\t- a\n---\n",
			`show/ep.md:4: front matter: a tab cannot indent YAML: indent with spaces (yaml: found character that cannot start any token)`},
		{"tab before a second item", "---\ntitle: a\ntags:\n  - a\n\t- b\n---\n",
			`show/ep.md:5: front matter: a tab cannot indent YAML: indent with spaces (yaml: found a tab character that violates indentation)`},
		{"unclosed double quote", "---\ntitle: \"Épisode 6\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: the value's opening " is never closed: end the value with " (yaml: found unexpected end of stream)`},
		{"unclosed single quote", "---\ndate: 2025-01-17\ntitle: 'Épisode 6\n---\n",
			`show/ep.md:3: front matter: the value's opening ' is never closed: end the value with ' (yaml: found unexpected end of stream)`},
		{"quote closed by the next value", "---\ntitle: \"Épisode 6\ndescription: \"Texte\"\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: the value's opening " is never closed: end the value with " (yaml: did not find expected key)`},
		{"apostrophe in single quotes", "---\ntitle: 'L'épisode'\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: the ' inside the value ends its quotes early: write title: "L'épisode" (yaml: did not find expected key)`},
		{"double quotes in double quotes", "---\ntitle: A\ndescription: \"Le \"grand\" épisode\"\n---\n",
			`show/ep.md:3: front matter: the " inside the value ends its quotes early: write description: 'Le "grand" épisode' (yaml: did not find expected key)`},
		{"brackets then text", "---\ntitle: [Live] Épisode\ndate: 2025-01-17\n---\n",
			`show/ep.md:2: front matter: a value starting with "[" must be in quotes: write title: "[Live] Épisode" (yaml: did not find expected key)`},
		{"at sign", "---\ntitle: A\ndescription: @minumeco en direct\n---\n",
			`show/ep.md:3: front matter: a value starting with "@" must be in quotes: write description: "@minumeco en direct" (yaml: found character that cannot start any token)`},
		{"dash", "---\ntitle: A\nseries: - Paroles\n---\n",
			`show/ep.md:3: front matter: a value starting with "- " must be in quotes: write series: "- Paroles" (yaml: block sequence entries are not allowed in this context)`},
		{"key indented under a value", "---\ntitle: a\n date: 2025-01-17\n---\n",
			`show/ep.md:3: front matter: this line is indented under a key that already has a value: if it is a key, remove the spaces before it; if it continues the value above, put the whole value in quotes (yaml: mapping values are not allowed in this context)`},
		{"continuation with a colon", "---\ntitle: a\ndescription: Le numérique\n  suite: enjeux\n---\n",
			`show/ep.md:4: front matter: this line is indented under a key that already has a value: if it is a key, remove the spaces before it; if it continues the value above, put the whole value in quotes (yaml: mapping values are not allowed in this context)`},
		{"unclosed list", "---\ntitle: A\ntags: [a, b\n---\n",
			`show/ep.md:3: front matter: the "[" opened on this line is never closed: close it with "]" (yaml: did not find expected ',' or ']')`},
		{"no hint", "---\ntitle: A\n: x\n---\n",
			`show/ep.md:3: front matter: yaml: did not find expected key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := parse(t, tt.src)
			if ep != nil {
				t.Errorf("Parse returned an episode: %+v", ep)
			}
			if errs := errorsOf(diags); len(errs) != 1 || errs[0] != tt.want {
				t.Errorf("errors = %q\nwant     [%q]", errs, tt.want)
			}
		})
	}
	// A suggested line, put in place of the line named, is read back as
	// the value that was meant.
	fixes := map[string]string{
		"colon with a space before":      "Épisode 6 : le retour",
		"colon":                          "Épisode 6: le retour",
		"colon at the end":               "Épisode 6 :",
		"colon and apostrophe":           "L'épisode : le retour",
		"colon and double quotes":        `Le « grand » "retour" : suite`,
		"apostrophe in single quotes":    "L'épisode",
		"double quotes in double quotes": `Le "grand" épisode`,
		"brackets then text":             "[Live] Épisode",
		"at sign":                        "@minumeco en direct",
		"dash":                           "- Paroles",
	}
	for _, tt := range tests {
		want, ok := fixes[tt.name]
		if !ok {
			continue
		}
		t.Run("suggestion for "+tt.name, func(t *testing.T) {
			_, diags := parse(t, tt.src)
			d := diags[0]
			msg := d.Err.Error()
			suggestion := msg[strings.Index(msg, "write ")+len("write ") : strings.LastIndex(msg, " (yaml: ")]
			lines := strings.Split(tt.src, "\n")
			lines[d.Line-1] = suggestion
			if !strings.Contains(tt.src, "\ndate:") {
				// An episode needs a date: give it one, after the suggestion.
				lines = slices.Insert(lines, 1, "date: 2025-01-17")
			}
			ep, _ := mustParse(t, strings.Join(lines, "\n"))
			got := map[string]string{"title": ep.Title, "description": ep.Description, "series": ep.Series}
			key, _, _ := strings.Cut(suggestion, ": ")
			if got[key] != want {
				t.Errorf("%s = %q after the suggested %s, want %q", key, got[key], suggestion, want)
			}
		})
	}
}

// TestDateHints checks the date errors: the forms wanted are written
// YYYY-MM-DD, never as Go's reference time, with the date rewritten when
// it can be guessed.
func TestDateHints(t *testing.T) {
	tests := []struct {
		date, want string
	}{
		{"tomorrow", `not a date: "tomorrow" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`},
		{"17/01/2025", `not a date: "17/01/2025" (want YYYY-MM-DD: 2025-01-17)`},
		{"17.01.2025", `not a date: "17.01.2025" (want YYYY-MM-DD: 2025-01-17)`},
		{"01/17/2025", `not a date: "01/17/2025" (want YYYY-MM-DD: 2025-01-17)`},
		{"02/01/2025", `not a date: "02/01/2025" (want YYYY-MM-DD: 2025-01-02 if the day comes first, 2025-02-01 if the month does)`},
		{"2025-1-7", `not a date: "2025-1-7" (want YYYY-MM-DD: 2025-01-07)`},
		{"2025-02-30", `not a date: "2025-02-30": day out of range (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`},
		{"2025-13-01", `not a date: "2025-13-01": month out of range (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`},
		{"2025-01-17 10h", `not a date: "2025-01-17 10h" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`},
		{"31/02/2025", `not a date: "31/02/2025" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			_, diags := parse(t, "---\ntitle: A\ndate: '"+tt.date+"'\n---\n")
			want := "show/ep.md:3: date: " + tt.want
			if errs := errorsOf(diags); len(errs) != 1 || errs[0] != want {
				t.Errorf("errors = %q\nwant     [%q]", errs, want)
			}
			if strings.Contains(errorsOf(diags)[0], "2006") {
				t.Errorf("Go's reference time in %q", errorsOf(diags)[0])
			}
		})
	}
}

// FuzzYAMLHints runs the hints over any YAML front matter: they must not
// panic, and every diagnostic must name a line of the file.
func FuzzYAMLHints(f *testing.F) {
	for _, s := range simpleSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		"title: Épisode 6 : le retour\n", "title: 'L'épisode'\n", "title: \"a\ndescription: \"b\"\n",
		"tags:\n- Podcast\n  - Sobriété\n", "tags: Podcast\n  - Sobriété\n", "title: a\n\tdate: 1\n",
		"title: Épisode #6\n", "tags:\n  - a #b\n", "é: [a\n", "title: '\n'\n", "- a\n  - b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		src := "---\n" + text + "\n---\n"
		_, diags := Parse(testPath, []byte(src), nil, nil, Options{})
		for _, d := range diags {
			if d.Line < 1 || d.Line > strings.Count(src, "\n")+1 {
				t.Errorf("diagnostic %v: line out of the file", d)
			}
		}
	})
}

// TestMisspeltDate checks that a misspelt date is named beside the error
// of the missing date, which skips the file.
func TestMisspeltDate(t *testing.T) {
	ep, diags := parse(t, "---\ntitle: A\ndtae: 2025-01-17\n---\n")
	if ep != nil {
		t.Fatal("an episode without a date was read")
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		`show/ep.md:1: date: missing: an episode needs a release date`,
		`show/ep.md:3: dtae: unknown key; did you mean "date"?`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
