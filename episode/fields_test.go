package episode

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// withKeys is a YAML episode with a title, a date and the given lines.
func withKeys(lines ...string) string {
	return "---\ntitle: A\ndate: 2025-01-17\n" + strings.Join(lines, "\n") + "\n---\n"
}

func TestFields(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name     string
		src      string
		check    func(*Episode) any // returns the value to compare
		want     any
		warnings []string // exact warning texts; nil means none
	}{
		{"title and description trimmed", "---\ntitle: '  Épisode #1 : « quotes »  '\ndate: 2025-01-17\ndescription: >\n  Folded\n  text.\n---\n",
			func(e *Episode) any { return e.Title + "|" + e.Description }, "Épisode #1 : « quotes »|Folded text.", nil},
		{"number as title", "---\ntitle: 2024\ndate: 2025-01-17\n---\n",
			func(e *Episode) any { return e.Title }, "2024", nil},
		{"description as a list", withKeys("description: [a]"),
			func(e *Episode) any { return e.Description }, "", []string{"show/ep.md:4: description: want a string, got a list"}},
		{"tags flow list", withKeys("tags: [' a ', b, '', a, 2024]"),
			func(e *Episode) any { return e.Tags }, []string{"a", "b", "2024"}, nil},
		{"tags block list", withKeys("tags:", "  - 'Vidéo'", "  - 'IA et Data'", "  - 'Vidéo'"),
			func(e *Episode) any { return e.Tags }, []string{"Vidéo", "IA et Data"}, nil},
		{"tags single string", withKeys("tags: miniserie"),
			func(e *Episode) any { return e.Tags }, []string{"miniserie"}, nil},
		{"tags with a mapping", withKeys("tags: [a, {b: c}]"),
			func(e *Episode) any { return e.Tags }, []string{"a"}, []string{"show/ep.md:4: tags: want a tag, got a mapping"}},
		{"series", withKeys("series: \"Paroles d'experts saison 1\""),
			func(e *Episode) any { return e.Series }, "Paroles d'experts saison 1", nil},
		{"draft bool", withKeys("draft: true"),
			func(e *Episode) any { return e.Draft }, true, nil},
		{"draft string", withKeys("draft: 'False'"),
			func(e *Episode) any { return e.Draft }, false, nil},
		{"draft junk", withKeys("draft: maybe"),
			func(e *Episode) any { return e.Draft }, false, []string{`show/ep.md:4: draft: want true or false, got "maybe"`}},
		{"guid slug link", withKeys("guid: 1234", "slug: ' ep-1 '", "link: https://example.org/ep-1"),
			func(e *Episode) any { return e.GUID + "|" + e.Slug + "|" + e.Link }, "1234|ep-1|https://example.org/ep-1", nil},
		{"permalink", withKeys("permalink: /ep-1/"),
			func(e *Episode) any { return e.Link }, "/ep-1/", nil},
		{"season and episode", withKeys("season: 2", "episode: '7'"),
			func(e *Episode) any { return [2]int{e.Season, e.Number} }, [2]int{2, 7}, nil},
		{"bad season and episode", withKeys("season: -1", "episode: 1.5"),
			func(e *Episode) any { return [2]int{e.Season, e.Number} }, [2]int{0, 0},
			[]string{"show/ep.md:4: season: negative number: -1", "show/ep.md:5: episode: not a whole number: 1.5"}},
		{"episode type", withKeys("episode_type: Trailer"),
			func(e *Episode) any { return e.EpisodeType }, "trailer", nil},
		{"episodeType", withKeys("episodeType: bonus"),
			func(e *Episode) any { return e.EpisodeType }, "bonus", nil},
		{"unknown episode type", withKeys("episode_type: teaser"),
			func(e *Episode) any { return e.EpisodeType }, "", []string{`show/ep.md:4: episode_type: unknown episode type "teaser" (want full, trailer or bonus): ignored`}},
		{"explicit bool", withKeys("explicit: true"),
			func(e *Episode) any { return e.Explicit }, &yes, nil},
		{"explicit yes", withKeys("explicit: 'Yes'"),
			func(e *Episode) any { return e.Explicit }, &yes, nil},
		{"explicit clean", withKeys("explicit: clean"),
			func(e *Episode) any { return e.Explicit }, &no, nil},
		{"explicit junk", withKeys("explicit: 3"),
			func(e *Episode) any { return e.Explicit }, (*bool)(nil), []string{"show/ep.md:4: explicit: want true or false, got a number"}},
		{"duration seconds", withKeys("duration: 3723"),
			func(e *Episode) any { return e.Duration }, time.Hour + 2*time.Minute + 3*time.Second, nil},
		{"duration HH:MM:SS", withKeys("duration: '01:02:03'"),
			func(e *Episode) any { return e.Duration }, time.Hour + 2*time.Minute + 3*time.Second, nil},
		{"duration MM:SS", withKeys("duration: '62:03'"),
			func(e *Episode) any { return e.Duration }, time.Hour + 2*time.Minute + 3*time.Second, nil},
		{"duration Go", withKeys("duration: 1h2m3s"),
			func(e *Episode) any { return e.Duration }, time.Hour + 2*time.Minute + 3*time.Second, nil},
		{"duration numeric string", withKeys("duration: '90'"),
			func(e *Episode) any { return e.Duration }, 90 * time.Second, nil},
		{"duration bad", withKeys("duration: '1:75:00'"),
			func(e *Episode) any { return e.Duration }, time.Duration(0), []string{`show/ep.md:4: duration: not a duration: "1:75:00" (want HH:MM:SS or MM:SS)`}},
		{"duration negative", withKeys("duration: -5"),
			func(e *Episode) any { return e.Duration }, time.Duration(0), []string{"show/ep.md:4: duration: negative duration"}},
		{"duration infinite", withKeys("duration: -.inf"),
			func(e *Episode) any { return e.Duration }, time.Duration(0), []string{"show/ep.md:4: duration: duration out of range: -Inf"}},
		{"persons names", withKeys("persons: [Ada, ' Grace ']"),
			func(e *Episode) any { return e.Persons }, []Person{{Name: "Ada"}, {Name: "Grace"}}, nil},
		{"persons mappings", withKeys("persons:", "  - name: Ada", "    role: host", "    group: cast", "    href: https://example.org/ada", "    img: https://example.org/ada.png", "  - {role: guest}"),
			func(e *Episode) any { return e.Persons },
			[]Person{{Name: "Ada", Role: "host", Group: "cast", Href: "https://example.org/ada", Img: "https://example.org/ada.png"}},
			[]string{"show/ep.md:4: persons: a person without a name: ignored"}},
		{"unknown keys kept", withKeys("layout: layouts/post.njk", "type: miniserie", "custom: {a: [1, 2]}"),
			func(e *Episode) any { return e.Params },
			map[string]any{"layout": "layouts/post.njk", "type": "miniserie", "custom": map[string]any{"a": []any{1, 2}}}, nil},
		{"yaml timestamp kept as text in params", withKeys("reviewed: 2025-02-01"),
			func(e *Episode) any { return e.Params }, map[string]any{"reviewed": "2025-02-01"}, nil},
		{"updated", withKeys("updated: 2025-02-01 10:30"),
			func(e *Episode) any { return e.Updated.Format(time.RFC3339) }, "2025-02-01T10:30:00+01:00", nil},
		{"updated with an offset", withKeys("updated: 2025-02-01T10:30:00Z"),
			func(e *Episode) any { return e.Updated.Format(time.RFC3339) }, "2025-02-01T10:30:00Z", nil},
		{"lastmod is updated", withKeys("lastmod: 2025-02-01"),
			func(e *Episode) any { return e.Updated.Format(time.RFC3339) }, "2025-02-01T00:00:00+01:00", nil},
		{"updated the release day", withKeys("updated: 2025-01-17"),
			func(e *Episode) any { return e.Updated.Format(time.RFC3339) }, "2025-01-17T00:00:00+01:00", nil},
		{"updated wins over lastmod", withKeys("lastmod: 2025-03-01", "Updated: 2025-02-01"),
			func(e *Episode) any { return e.Updated.Format(time.RFC3339) }, "2025-02-01T00:00:00+01:00",
			[]string{`show/ep.md:4: lastmod: "Updated" is given too: ignored`}},
		{"updated before the release", withKeys("updated: 2025-01-16T23:00:00+01:00"),
			func(e *Episode) any { return e.Updated }, time.Time{},
			[]string{"show/ep.md:4: updated: 2025-01-16T23:00:00+01:00 is before the release date 2025-01-17T00:00:00+01:00: ignored"}},
		{"updated not a date", withKeys("lastmod: soon"),
			func(e *Episode) any { return e.Updated }, time.Time{},
			[]string{`show/ep.md:4: lastmod: not a date: "soon" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00): ignored`}},
		{"updated is not a param", withKeys("updated: 2025-02-01"),
			func(e *Episode) any { return e.Params }, map[string]any(nil), nil},
		{"keys without case", "---\nTitle: A\nDATE: 2025-01-17\nSeries: S\n---\n",
			func(e *Episode) any { return e.Title + "|" + e.Series }, "A|S", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, tt.src)
			if got := tt.check(ep); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, tt.warnings) {
				t.Errorf("warnings = %q\nwant %q", got, tt.warnings)
			}
		})
	}
}

func TestDates(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
		loc  *time.Location
		want string // RFC 3339 in the time's own zone
	}{
		{"date alone is midnight in Paris, winter", withKeys(), nil, "2025-01-17T00:00:00+01:00"},
		{"date alone is midnight in Paris, summer", "---\ntitle: A\ndate: 2025-07-17\n---\n", nil, "2025-07-17T00:00:00+02:00"},
		{"quoted date", "---\ntitle: A\ndate: '2025-01-17'\n---\n", nil, "2025-01-17T00:00:00+01:00"},
		{"date in another zone", withKeys(), newYork, "2025-01-17T00:00:00-05:00"},
		{"RFC 3339 keeps its offset", "---\ntitle: A\ndate: 2025-01-17T10:00:00+05:30\n---\n", nil, "2025-01-17T10:00:00+05:30"},
		{"RFC 3339 UTC", "---\ntitle: A\ndate: '2025-01-17T10:00:00Z'\n---\n", nil, "2025-01-17T10:00:00Z"},
		{"YAML timestamp with a space and an offset", "---\ntitle: A\ndate: 2025-01-17 10:00:00.5 -03:00\n---\n", nil, "2025-01-17T10:00:00.5-03:00"},
		{"date and time is local", "---\ntitle: A\ndate: 2025-01-17 10:00:00\n---\n", nil, "2025-01-17T10:00:00+01:00"},
		{"date T time is local", "---\ntitle: A\ndate: 2025-01-17T10:00\n---\n", nil, "2025-01-17T10:00:00+01:00"},
		{"toml local date", "+++\ntitle = 'A'\ndate = 2025-01-17\n+++\n", nil, "2025-01-17T00:00:00+01:00"},
		{"toml local date-time", "+++\ntitle = 'A'\ndate = 2025-01-17T10:00:00\n+++\n", nil, "2025-01-17T10:00:00+01:00"},
		{"toml offset date-time", "+++\ntitle = 'A'\ndate = 2025-01-17T10:00:00-03:00\n+++\n", nil, "2025-01-17T10:00:00-03:00"},
		{"json", "{\"title\": \"A\", \"date\": \"2025-01-17\"}\n", nil, "2025-01-17T00:00:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := Parse(testPath, []byte(tt.src), nil, nil, Options{Location: tt.loc})
			if ep == nil {
				t.Fatalf("Parse failed: %v", diags)
			}
			if got := ep.Date.Format(time.RFC3339Nano); got != tt.want {
				t.Errorf("Date = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("winter midnight in Paris is 23:00Z the day before", func(t *testing.T) {
		ep, _ := mustParse(t, withKeys())
		if want := time.Date(2025, 1, 16, 23, 0, 0, 0, time.UTC); !ep.Date.Equal(want) {
			t.Errorf("Date = %v, want %v", ep.Date.UTC(), want)
		}
		if name := ep.Date.Location().String(); name != "Europe/Paris" {
			t.Errorf("zone = %s, want Europe/Paris", name)
		}
	})
}

func TestParamsFromEveryFormat(t *testing.T) {
	tests := []struct{ name, src string }{
		{"yaml", "---\ntitle: A\ndate: 2025-01-17\nlayout: post\nweight: 3\nratio: 1.5\nflags: [x]\n---\n"},
		{"toml", "+++\ntitle = 'A'\ndate = 2025-01-17\nlayout = 'post'\nweight = 3\nratio = 1.5\nflags = ['x']\n+++\n"},
		{"json", "{\"title\": \"A\", \"date\": \"2025-01-17\", \"layout\": \"post\", \"weight\": 3, \"ratio\": 1.5, \"flags\": [\"x\"]}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, _ := mustParse(t, tt.src)
			got := fmt.Sprintf("%v %v %v %v", ep.Params["layout"], ep.Params["weight"], ep.Params["ratio"], ep.Params["flags"])
			if got != "post 3 1.5 [x]" {
				t.Errorf("Params = %v", ep.Params)
			}
			if _, err := integer(ep.Params["weight"]); err != nil {
				t.Errorf("weight %T is not a whole number: %v", ep.Params["weight"], err)
			}
		})
	}
}
