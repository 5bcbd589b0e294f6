package episode

import (
	"reflect"
	"strings"
	"testing"
)

// withBody is an episode whose body starts on line 5.
func withBody(body string) string {
	return "---\ntitle: A\ndate: 2025-01-17\n---\n" + body
}

const dailymotionIframe = `<iframe src="https://www.dailymotion.com/embed/video/x9qb2l4" width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen title="Dailymotion video player">` + "\n</iframe>\n"

func TestPlayerShortcodes(t *testing.T) {
	tests := []struct {
		name, body string
		wantHTML   string
		wantPlayer *Player
	}{
		{"dailymotion", "{% dailymotion \"x9qb2l4\" %}\n",
			dailymotionIframe,
			&Player{URL: "https://www.dailymotion.com/embed/video/x9qb2l4", PageURL: "https://www.dailymotion.com/video/x9qb2l4", Provider: "dailymotion", Kind: "video", ID: "x9qb2l4"}},
		{"dailymotion with whitespace control", "<!-- intégration -->\n{%- dailymotion \"x9qb2l4\" -%}\n\n**Légende**\n",
			"\n" + dailymotionIframe + "<p><strong>Légende</strong></p>\n",
			&Player{URL: "https://www.dailymotion.com/embed/video/x9qb2l4", PageURL: "https://www.dailymotion.com/video/x9qb2l4", Provider: "dailymotion", Kind: "video", ID: "x9qb2l4"}},
		{"single quotes, no spaces", "Avant\n{%-dailymotion 'x9qb2l4'-%}\nAprès\n",
			"<p>Avant</p>\n" + dailymotionIframe + "<p>Après</p>\n",
			&Player{URL: "https://www.dailymotion.com/embed/video/x9qb2l4", PageURL: "https://www.dailymotion.com/video/x9qb2l4", Provider: "dailymotion", Kind: "video", ID: "x9qb2l4"}},
		{"youtube", "{% youtube \"dQw4w9WgXcQ\" %}",
			`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen title="YouTube video player">` + "\n</iframe>\n",
			&Player{URL: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", PageURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Provider: "youtube", Kind: "video", ID: "dQw4w9WgXcQ"}},
		{"vimeo", "{% vimeo \"76979871\" %}",
			`<iframe src="https://player.vimeo.com/video/76979871" width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen title="Vimeo video player">` + "\n</iframe>\n",
			&Player{URL: "https://player.vimeo.com/video/76979871", PageURL: "https://vimeo.com/76979871", Provider: "vimeo", Kind: "video", ID: "76979871"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, withBody(tt.body))
			if len(diags) != 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if ep.HTML != tt.wantHTML {
				t.Errorf("HTML = %q\nwant   %q", ep.HTML, tt.wantHTML)
			}
			if !reflect.DeepEqual(ep.Player, tt.wantPlayer) {
				t.Errorf("Player = %+v\nwant %+v", ep.Player, tt.wantPlayer)
			}
		})
	}
}

func TestShortcodeWarnings(t *testing.T) {
	tests := []struct {
		name, body string
		wantHTML   string
		warnings   []string
	}{
		{"unknown shortcode", "Texte {% include \"x.html\" %} suite\n",
			"<p>Texte {% include &quot;x.html&quot; %} suite</p>\n",
			[]string{`show/ep.md:5: body: unknown shortcode "include": left as it is`}},
		{"bad video ID", "\n{% dailymotion \"x9<script>\" %}\n",
			"<p>{% dailymotion &quot;x9<script>&quot; %}</p>\n",
			[]string{`show/ep.md:6: body: {% dailymotion %} wants one video ID, got ["x9<script>"]: left as it is`}},
		{"two IDs", "{% youtube \"a\" \"b\" %}\n",
			"<p>{% youtube &quot;a&quot; &quot;b&quot; %}</p>\n",
			[]string{`show/ep.md:5: body: {% youtube %} wants one video ID, got ["a" "b"]: left as it is`}},
		{"malformed tag", "{% \"x\" %}\n",
			"<p>{% &quot;x&quot; %}</p>\n",
			[]string{`show/ep.md:5: body: malformed tag "": left as it is`}},
		{"unclosed tag is text", "{% dailymotion \"x9qb2l4\"\n",
			"<p>{% dailymotion &quot;x9qb2l4&quot;</p>\n", nil},
		{"tags in a comment are ignored", "<!-- {% dailymotion \"x9qb2l4\" %} {% unknown %} -->\nTexte\n",
			"\n<p>Texte</p>\n", nil},
		{"stray endtranscription", "Texte\n{% endtranscription %}\n",
			"<p>Texte</p>\n",
			[]string{"show/ep.md:6: body: {% endtranscription %} without {% transcription %}: removed"}},
		{"liquid output is left", "Bonjour {{ name }}\n", "<p>Bonjour {{ name }}</p>\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, withBody(tt.body))
			if ep.HTML != tt.wantHTML {
				t.Errorf("HTML = %q\nwant   %q", ep.HTML, tt.wantHTML)
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, tt.warnings) {
				t.Errorf("warnings = %q\nwant %q", got, tt.warnings)
			}
		})
	}
}

func TestShortcodeTranscript(t *testing.T) {
	tests := []struct {
		name, body string
		wantHTML   string
		want       *Transcript
		warnings   []string
	}{
		{"html inside",
			"Intro\n\n{% transcription \"Mélanie Raphaël\" %}\n<p>\n  Mélanie<br>\n  DINUM\n</p>\n\n<p>Bonjour</p>\n{% endtranscription %}\n\n<!-- fin -->\nFin\n",
			"<p>Intro</p>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>\n  Mélanie<br>\n  DINUM\n</p>\n<p>Bonjour</p>\n</section>\n\n<p>Fin</p>\n",
			&Transcript{Title: "Mélanie Raphaël", HTML: "<p>\n  Mélanie<br>\n  DINUM\n</p>\n<p>Bonjour</p>\n", Line: 7},
			nil},
		{"markdown inside, dash variants",
			"{%- transcription 'Title' -%}\n**Mélanie :**\n\nBonjour <!-- note --> à tous.\n{%- endtranscription -%}\n",
			"<section class=\"transcript\">\n<h2>Transcription</h2>\n<p><strong>Mélanie :</strong></p>\n<p>Bonjour  à tous.</p>\n</section>\n",
			&Transcript{Title: "Title", HTML: "<p><strong>Mélanie :</strong></p>\n<p>Bonjour  à tous.</p>\n", Line: 5},
			nil},
		{"without title",
			"{% transcription %}\nTexte\n{% endtranscription %}\n",
			"<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Texte</p>\n</section>\n",
			&Transcript{HTML: "<p>Texte</p>\n", Line: 5},
			nil},
		{"two blocks",
			"{% transcription \"A 1/2\" %}\nUn\n{% endtranscription %}\n\n{% transcription \"B\" %}\nDeux\n{% endtranscription %}\n",
			"<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Un</p>\n</section>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Deux</p>\n</section>\n",
			&Transcript{Title: "A 1/2", HTML: "<p>Un</p>\n<p>Deux</p>\n", Line: 5},
			nil},
		{"player inside",
			"{% transcription \"T\" %}\n{% dailymotion \"x9qb2l4\" %}\nTexte\n{% endtranscription %}\n",
			"<section class=\"transcript\">\n<h2>Transcription</h2>\n" + dailymotionIframe + "<p>Texte</p>\n</section>\n",
			&Transcript{Title: "T", HTML: dailymotionIframe + "<p>Texte</p>\n", Line: 5},
			nil},
		{"unclosed",
			"Intro\n\n{% transcription \"T\" %}\nUn\n\nDeux\n",
			"<p>Intro</p>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Un</p>\n<p>Deux</p>\n</section>\n",
			&Transcript{Title: "T", HTML: "<p>Un</p>\n<p>Deux</p>\n", Line: 7},
			[]string{"show/ep.md:7: body: {% transcription %} is not closed by {% endtranscription %}: the transcript runs to the end of the file"}},
		{"unclosed before another one",
			"{% transcription \"A\" %}\nUn\n{% transcription \"B\" %}\nDeux\n{% endtranscription %}\n",
			"<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Un</p>\n</section>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n<p>Deux</p>\n</section>\n",
			&Transcript{Title: "A", HTML: "<p>Un</p>\n<p>Deux</p>\n", Line: 5},
			[]string{"show/ep.md:5: body: {% transcription %} is not closed by {% endtranscription %}: the transcript runs to the next one"}},
		{"empty",
			"Texte\n{% transcription \"T\" %}\n<!-- rien -->\n{% endtranscription %}\n",
			"<p>Texte</p>\n",
			nil,
			[]string{"show/ep.md:6: body: empty {% transcription %} block: removed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, withBody(tt.body))
			if ep.HTML != tt.wantHTML {
				t.Errorf("HTML = %q\nwant   %q", ep.HTML, tt.wantHTML)
			}
			if !reflect.DeepEqual(ep.Transcript, tt.want) {
				t.Errorf("Transcript = %+v\nwant %+v", ep.Transcript, tt.want)
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, tt.warnings) {
				t.Errorf("warnings = %q\nwant %q", got, tt.warnings)
			}
		})
	}
}

func TestSectionTranscript(t *testing.T) {
	tests := []struct {
		name, body string
		want       *Transcript
	}{
		{"transcription heading",
			"Intro\n\n## Transcription\n\n**Mélanie :** Bonjour.\n\n<p>Suite</p>\n\n## Ressources\n\nLiens\n",
			&Transcript{Title: "Transcription", HTML: "<p><strong>Mélanie :</strong> Bonjour.</p>\n<p>Suite</p>\n", Line: 7}},
		{"transcription du podcast, to the end",
			"# Titre\n\n## Transcription du podcast\nUn\n\n### Partie 2\nDeux\n",
			&Transcript{Title: "Transcription du podcast", HTML: "<p>Un</p>\n<h3>Partie 2</h3>\n<p>Deux</p>\n", Line: 7}},
		{"accents and case",
			"## TRANSCRIPTION de la vidéo\nTexte <!-- caché -->\n# Autre\n",
			&Transcript{Title: "TRANSCRIPTION de la vidéo", HTML: "<p>Texte </p>\n", Line: 5}},
		{"after a player shortcode",
			"{%- dailymotion \"x9qb2l4\" -%}\n\n## Transcription\nTexte\n",
			&Transcript{Title: "Transcription", HTML: "<p>Texte</p>\n", Line: 7}},
		{"to come is not a transcript", "## Transcription\nTranscription à venir début juin 2025\n", nil},
		{"to come, first of two", "## Transcription\nTranscription à venir\n## Transcription de la vidéo\nVrai texte.\n",
			&Transcript{Title: "Transcription de la vidéo", HTML: "<p>Vrai texte.</p>\n", Line: 7}},
		{"empty section", "## Transcription\n<!-- rien -->\n## Suite\n", nil},
		{"a paragraph is not a heading", "Transcription à venir\n", nil},
		{"level 3 is not a transcript", "### Transcription\nTexte\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, _ := mustParse(t, withBody(tt.body))
			if !reflect.DeepEqual(ep.Transcript, tt.want) {
				t.Errorf("Transcript = %+v\nwant %+v", ep.Transcript, tt.want)
			}
			if tt.want != nil && !strings.Contains(ep.HTML, tt.want.HTML) {
				t.Errorf("the section is not in the body:\n%s", ep.HTML)
			}
		})
	}
	t.Run("a shortcode transcript wins", func(t *testing.T) {
		ep, _ := mustParse(t, withBody("## Transcription\nA\n\n{% transcription \"B\" %}\nB\n{% endtranscription %}\n"))
		if ep.Transcript == nil || ep.Transcript.Title != "B" {
			t.Errorf("Transcript = %+v, want the shortcode's", ep.Transcript)
		}
	})
}

func TestCommentsRemoved(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"own line", "<!-- intégration Acast -->\nTexte\n", "\n<p>Texte</p>\n"},
		{"inline", "Un <!-- deux --> trois\n", "<p>Un  trois</p>\n"},
		{"multi-line", "<!--\nune\n\ndeux\n-->\nTexte\n", "\n<p>Texte</p>\n"},
		{"inside a raw HTML block", "<div class=\"fr-callout\">\n<!-- note -->\n<p>Texte</p>\n</div>\n", "<div class=\"fr-callout\">\n\n<p>Texte</p>\n</div>\n"},
		{"in a code block it is text", "```html\n<!-- gardé -->\n```\n", "<pre><code class=\"language-html\">&lt;!-- gardé --&gt;\n</code></pre>\n"},
		{"in inline code it is text", "`<!-- gardé -->`\n", "<p><code>&lt;!-- gardé --&gt;</code></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, _ := mustParse(t, withBody(tt.body))
			if ep.HTML != tt.want {
				t.Errorf("HTML = %q\nwant   %q", ep.HTML, tt.want)
			}
		})
	}
}

func TestRawPlayers(t *testing.T) {
	tests := []struct {
		name, body string
		want       *Player
	}{
		{"dailymotion iframe in a div",
			`<div style="position:relative"> <iframe frameborder="0" type="text/html" src="https://www.dailymotion.com/embed/video/x95qb3s" allowfullscreen> </iframe> </div>`,
			&Player{URL: "https://www.dailymotion.com/embed/video/x95qb3s", PageURL: "https://www.dailymotion.com/video/x95qb3s", Provider: "dailymotion", Kind: "video", ID: "x95qb3s"}},
		{"dailymotion geo player",
			`<iframe src="https://geo.dailymotion.com/player/xabc.html?video=x8u1v2w"></iframe>`,
			&Player{URL: "https://geo.dailymotion.com/player/xabc.html?video=x8u1v2w", PageURL: "https://www.dailymotion.com/video/x8u1v2w", Provider: "dailymotion", Kind: "video", ID: "x8u1v2w"}},
		{"protocol-relative youtube",
			`<iframe src="//www.youtube.com/embed/dQw4w9WgXcQ?rel=0"></iframe>`,
			&Player{URL: "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0", PageURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Provider: "youtube", Kind: "video", ID: "dQw4w9WgXcQ"}},
		{"http youtube-nocookie",
			`<IFRAME SRC="http://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></IFRAME>`,
			&Player{URL: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", PageURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Provider: "youtube", Kind: "video", ID: "dQw4w9WgXcQ"}},
		{"vimeo",
			`<iframe src="https://player.vimeo.com/video/76979871?h=abc"></iframe>`,
			&Player{URL: "https://player.vimeo.com/video/76979871?h=abc", PageURL: "https://vimeo.com/76979871", Provider: "vimeo", Kind: "video", ID: "76979871"}},
		{"acast with its page",
			"<iframe src=\"https://embed.acast.com/$/669e18c83847f8c1a590bc69/680a071f3e1190c8312ef12a?\" frameBorder=\"0\"></iframe>\n</br>\n" +
				"<a href=\"https://shows.acast.com/minumeco/episodes/other\">Autre</a>\n<a href=\"https://shows.acast.com/minumeco/episodes/680a071f3e1190c8312ef12a\">L'épisode</a>\n",
			&Player{URL: "https://embed.acast.com/$/669e18c83847f8c1a590bc69/680a071f3e1190c8312ef12a?", PageURL: "https://shows.acast.com/minumeco/episodes/680a071f3e1190c8312ef12a", Provider: "acast", Kind: "audio", ID: "680a071f3e1190c8312ef12a"}},
		{"acast without a page",
			`<iframe title="Embed Player" src="https://embed.acast.com/669e18c83847f8c1a590bc69/66a250708f24d109f2184ec7"></iframe>`,
			&Player{URL: "https://embed.acast.com/669e18c83847f8c1a590bc69/66a250708f24d109f2184ec7", Provider: "acast", Kind: "audio", ID: "66a250708f24d109f2184ec7"}},
		{"peertube on any host",
			"<iframe src=\"https://peertube.example.org/videos/embed/fbd7cf05?subtitle=fr\"></iframe>\n",
			&Player{URL: "https://peertube.example.org/videos/embed/fbd7cf05?subtitle=fr", PageURL: "https://peertube.example.org/videos/watch/fbd7cf05", Provider: "peertube", Kind: "video", ID: "fbd7cf05"}},
		{"unknown provider skipped",
			"<iframe src=\"https://tube.example.org/player/fbd7cf05\"></iframe>\n\n{% dailymotion \"x9qb2l4\" %}\n",
			&Player{URL: "https://www.dailymotion.com/embed/video/x9qb2l4", PageURL: "https://www.dailymotion.com/video/x9qb2l4", Provider: "dailymotion", Kind: "video", ID: "x9qb2l4"}},
		{"the first one wins",
			"<iframe src=\"https://player.vimeo.com/video/1\"></iframe>\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n",
			&Player{URL: "https://player.vimeo.com/video/1", PageURL: "https://vimeo.com/1", Provider: "vimeo", Kind: "video", ID: "1"}},
		{"commented out", "<!-- <iframe src=\"https://player.vimeo.com/video/1\"></iframe> -->\n", nil},
		{"in a code block", "```\n<iframe src=\"https://player.vimeo.com/video/1\"></iframe>\n```\n", nil},
		{"playlist is not a video", `<iframe src="https://www.youtube.com/embed/videoseries?list=PL1"></iframe>`, nil},
		{"not https", `<iframe src="ftp://player.vimeo.com/video/1"></iframe>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, _ := mustParse(t, withBody(tt.body))
			if !reflect.DeepEqual(ep.Player, tt.want) {
				t.Errorf("Player = %+v\nwant %+v", ep.Player, tt.want)
			}
		})
	}
}

func TestMessyHTML(t *testing.T) {
	body := "</br>\n<div><p>unclosed <b>bold\n\nTexte\u00a0insécable « guillemets » “typographiques”.\n\n<iframe src=\"https://www.dailymotion.com/embed/video/x1\">\n<script>if (a < b) { x = '<!-- not a comment -->' }</script>\n<![CDATA[ x ]]>\n"
	ep, _ := mustParse(t, withBody(body))
	for _, s := range []string{"</br>", "unclosed <b>bold", "Texte\u00a0insécable « guillemets » “typographiques”."} {
		if !strings.Contains(ep.HTML, s) {
			t.Errorf("HTML lost %q:\n%s", s, ep.HTML)
		}
	}
	if ep.Player == nil || ep.Player.ID != "x1" {
		t.Errorf("Player = %+v", ep.Player)
	}
}

// TestScanHTMLKeepsBytes checks that removing comments leaves every other
// byte as it was.
func TestScanHTMLKeepsBytes(t *testing.T) {
	in := "<P CLASS=x>A&amp;b &nbsp; <br/></br><img src='a.png' alt=\"é\">\n<!-- c --><textarea><!-- kept --></textarea><svg><path d='M0'/></svg>&#x27;<\n"
	want := "<P CLASS=x>A&amp;b &nbsp; <br/></br><img src='a.png' alt=\"é\">\n<textarea><!-- kept --></textarea><svg><path d='M0'/></svg>&#x27;<\n"
	if got, _ := scanHTML([]byte(in)); string(got) != want {
		t.Errorf("scanHTML = %q\nwant        %q", got, want)
	}
}

// TestScanHTMLFirstPlayer checks that the first player found wins, and
// that the comments after it are removed all the same.
func TestScanHTMLFirstPlayer(t *testing.T) {
	yt := `<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>`
	dm := `<iframe src="https://www.dailymotion.com/embed/video/x1"></iframe>`
	for _, tt := range []struct{ in, out string }{
		{yt + "<p>a</p>" + dm, yt + "<p>a</p>" + dm},
		{yt + "<p>a<!-- c --></p>" + dm, yt + "<p>a</p>" + dm},
		{"<!-- " + dm + " -->" + yt, yt},
	} {
		out, p := scanHTML([]byte(tt.in))
		if string(out) != tt.out || p == nil || p.Provider != "youtube" {
			t.Errorf("scanHTML(%q) = %q, %+v", tt.in, out, p)
		}
	}
}

func TestNestingLimit(t *testing.T) {
	tests := []struct {
		name, body string
		depth      int    // <blockquote> or <li> opened
		tag        string // the element counted
		text       string // text left on the line after the limit
		warned     bool
	}{
		{"block quotes at the limit", strings.Repeat(">", 32) + " x\n", 32, "<blockquote>", "x", false},
		{"block quotes over the limit", strings.Repeat("> ", 40) + "x\n", 32, "<blockquote>", "&gt; &gt; &gt; &gt; &gt; &gt; &gt; &gt; x", true},
		{"list items over the limit", strings.Repeat("- ", 40) + "x\n", 32, "<li>", "- - - - - - - - x", true},
		{"ordered items over the limit", strings.Repeat("1. ", 40) + "x\n", 32, "<li>", "1. 1. 1. 1. 1. 1. 1. 1. x", true},
		{"a long thematic break is left alone", strings.Repeat("- ", 40) + "\n", 0, "<li>", "<hr>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, withBody(tt.body))
			if n := strings.Count(ep.HTML, tt.tag); n != tt.depth {
				t.Errorf("%d %s, want %d:\n%s", n, tt.tag, tt.depth, ep.HTML)
			}
			if !strings.Contains(ep.HTML, tt.text) {
				t.Errorf("HTML lacks %q:\n%s", tt.text, ep.HTML)
			}
			var want []string
			if tt.warned {
				want = []string{"show/ep.md:5: body: block quotes or lists nested deeper than 32 levels: the rest of the line is text"}
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, want) {
				t.Errorf("warnings = %q, want %q", got, want)
			}
		})
	}
}
