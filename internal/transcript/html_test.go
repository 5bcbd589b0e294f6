package transcript

import (
	"strings"
	"testing"
)

// seg is a short way to write an untimed segment in tests.
type seg struct{ speaker, role, body string }

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name  string
		html  string
		want  []seg
		warns []string // substrings of the warnings, in order
	}{
		{
			name: "header name role organisation",
			html: "<p>\n  Mélanie RAPHAËL<br>\n  Responsable de la MiNumEco<br>\n  Experte Numérique Écoresponsable – DINUM\n</p>\n<p>\nBonjour à toutes et tous.\n</p>\n<p>Dans chaque ministère.</p>",
			want: []seg{
				{"Mélanie RAPHAËL", "Responsable de la MiNumEco, Experte Numérique Écoresponsable – DINUM", "Bonjour à toutes et tous."},
				{"Mélanie RAPHAËL", "Responsable de la MiNumEco, Experte Numérique Écoresponsable – DINUM", "Dans chaque ministère."},
			},
		},
		{
			name: "two headers",
			html: "<p>Mélanie RAPHAËL<br>DINUM</p><p>Question.</p><p>\n  <br>\n  Brigitte SEROUSSI<br>\n  Directrice des projets éthiques<br>\n  Agence du Numérique en Santé\n</p><p>Réponse.</p>",
			want: []seg{
				{"Mélanie RAPHAËL", "DINUM", "Question."},
				{"Brigitte SEROUSSI", "Directrice des projets éthiques, Agence du Numérique en Santé", "Réponse."},
			},
		},
		{
			name: "header with a trailing br",
			html: "<p>\n  Steeve Williams<br>\n  Chef de produit et responsable de l'OSPO de la DINUM<br>\n</p><p>intégrer plus de designers</p>",
			want: []seg{{"Steeve Williams", "Chef de produit et responsable de l'OSPO de la DINUM", "intégrer plus de designers"}},
		},
		{
			name: "not a header: one word and a sentence",
			html: "<p>\n  Introduction <br>\n  Le numérique peut être un véritable outil.\n</p>",
			want: []seg{{"", "", "Introduction"}, {"", "", "Le numérique peut être un véritable outil."}},
		},
		{
			name: "not a header: a sentence line",
			html: "<p>Merci beaucoup Jérémy.<br>Oui</p>",
			want: []seg{{"", "", "Merci beaucoup Jérémy."}, {"", "", "Oui"}},
		},
		{
			name: "strong, space and colon inside",
			html: "<p><strong>Voix OFF :</strong> Bienvenue dans « MiNumEchos ».</p>",
			want: []seg{{"Voix OFF", "", "Bienvenue dans « MiNumEchos »."}},
		},
		{
			name: "strong, colon outside",
			html: "<p><strong>Voix off</strong> : Bienvenue.</p> <br> <p><strong>Gilles VERMOT-DEROSCHES</strong> : Je suis vice-président.</p>",
			want: []seg{{"Voix off", "", "Bienvenue."}, {"Gilles VERMOT-DEROSCHES", "", "Je suis vice-président."}},
		},
		{
			name: "no-break space inside",
			html: "<p><strong>Jean-Yves MAHÉ\u00a0:</strong>\u00a0Oui.</p>",
			want: []seg{{"Jean-Yves MAHÉ", "", "Oui."}},
		},
		{
			name: "narrow no-break space outside",
			html: "<p><strong>Jean-Yves MAHÉ</strong>\u202f: Oui.</p>",
			want: []seg{{"Jean-Yves MAHÉ", "", "Oui."}},
		},
		{
			name: "no space, b element",
			html: "<p><b>Jane Doe:</b> Hi.</p><p><b>John</b>: Hello.</p>",
			want: []seg{{"Jane Doe", "", "Hi."}, {"John", "", "Hello."}},
		},
		{
			name: "label paragraph with role, then paragraphs",
			html: "<p><strong>Mélanie RAPHAËL, Experte numérique écoresponsable de la DINUM :</strong></p>\n<p>Les objectifs.<br/>\nCes objectifs.</p>\n<p>Au-delà.</p>\n<p><strong>Stéphanie Nazarian, Responsable de la Brigade d'Intervention du Numérique (BIN) :</strong></p>\n<p>La Brigade.</p>",
			want: []seg{
				{"Mélanie RAPHAËL", "Experte numérique écoresponsable de la DINUM", "Les objectifs."},
				{"Mélanie RAPHAËL", "Experte numérique écoresponsable de la DINUM", "Ces objectifs."},
				{"Mélanie RAPHAËL", "Experte numérique écoresponsable de la DINUM", "Au-delà."},
				{"Stéphanie Nazarian", "Responsable de la Brigade d'Intervention du Numérique (BIN)", "La Brigade."},
			},
		},
		{
			name: "role in parentheses",
			html: "<p><strong>Jane Doe (host):</strong> Hi</p>",
			want: []seg{{"Jane Doe", "host", "Hi"}},
		},
		{
			name: "bold name alone",
			html: "<p><strong>Stéphanie Nazarian</strong></p><p>La Brigade.</p>",
			want: []seg{{"Stéphanie Nazarian", "", "La Brigade."}},
		},
		{
			name: "label then continuation paragraphs",
			html: "<p><strong>Gilles VERMOT-DEROSCHES</strong> : Alors le CESE.\n<p>Dans les deux cas.</p> <br> <p><strong>Mélanie RAPHAËL</strong> : Merci.</p>",
			want: []seg{
				{"Gilles VERMOT-DEROSCHES", "", "Alors le CESE."},
				{"Gilles VERMOT-DEROSCHES", "", "Dans les deux cas."},
				{"Mélanie RAPHAËL", "", "Merci."},
			},
		},
		{
			name: "text before the first speaker",
			html: "<p>Générique.</p><p><strong>Voix OFF :</strong> Bienvenue.</p>",
			want: []seg{{"", "", "Générique."}, {"Voix OFF", "", "Bienvenue."}},
		},
		{
			name: "no speakers",
			html: "<p>Aujourd'hui, les référents,</p>\n<p>se forment.</p>",
			want: []seg{{"", "", "Aujourd'hui, les référents,"}, {"", "", "se forment."}},
		},
		{
			name: "bold inside a sentence",
			html: "<p>Il a dit <strong>Attention :</strong> ici.</p>",
			want: []seg{{"", "", "Il a dit Attention : ici."}},
		},
		{
			name:  "bold sentence before a colon",
			html:  "<p><strong>Il faut retenir ceci :</strong> tout.</p>",
			want:  []seg{{"", "", "Il faut retenir ceci : tout."}},
			warns: []string{`paragraph 1: bold text "Il faut retenir ceci" before a colon is not a speaker name`},
		},
		{
			name: "Podcasting 2.0 HTML",
			html: "<cite>Kevin:</cite>\n<time>0:00</time>\n<p>We have an update planned.</p>\n<cite>Alban :</cite>\n<time>0:09</time>\n<p>You're triggering Tom.</p>",
			want: []seg{{"Kevin", "", "We have an update planned."}, {"Alban", "", "You're triggering Tom."}},
		},
		{
			name: "emphasis, entities and skipped elements",
			html: "<p>J’ai écrit <em>Techno-féminisme</em> &amp; <i>L’envers</i>.<script>alert(1)</script><style>p{}</style></p><iframe src=x>frame</iframe>",
			want: []seg{{"", "", "J’ai écrit Techno-féminisme & L’envers."}},
		},
		{
			name: "control characters",
			html: "<p>A\x01B\u0085C&#0;D&#x7f;E</p>",
			want: []seg{{"", "", "ABC\uFFFDDE"}},
		},
		{
			name:  "label without text",
			html:  "<p>Laura De Oliveira<br>Direction des Achats de l'État</p><p></p><p>Mathilde Chevalier<br>Direction des Achats de l'État</p><p>Texte.</p><p><strong>Voix OFF :</strong></p>",
			want:  []seg{{"Mathilde Chevalier", "Direction des Achats de l'État", "Texte."}},
			warns: []string{`paragraph 1: speaker "Laura De Oliveira" has no text`, `paragraph 4: speaker "Voix OFF" has no text`},
		},
		{
			name:  "empty",
			html:  " <p> </p><!-- note -->",
			warns: []string{"no transcript text found"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, warns := FromHTML(tt.html)
			if tr == nil {
				t.Fatal("FromHTML returned nil")
			}
			if tr.Timed {
				t.Error("Timed = true")
			}
			var got []seg
			for _, s := range tr.Segments {
				got = append(got, seg{s.Speaker, s.Role, s.Body})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d segments, want %d:\n%q", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("segment %d:\n got %q\nwant %q", i+1, got[i], tt.want[i])
				}
			}
			if len(warns) != len(tt.warns) {
				t.Fatalf("warnings %q, want %q", warns, tt.warns)
			}
			for i, w := range warns {
				if !strings.Contains(w.Error(), tt.warns[i]) {
					t.Errorf("warning %d = %q, want %q", i, w, tt.warns[i])
				}
			}
		})
	}
}

func TestFromHTMLDeepNesting(t *testing.T) {
	// 400 levels parse; the HTML parser refuses more than 512 open
	// elements, which is a warning, not a failure.
	src := strings.Repeat("<div><span>", 200) + "Texte." + strings.Repeat("</span></div>", 200)
	tr, warns := FromHTML(src)
	if len(tr.Segments) != 1 || tr.Segments[0].Body != "Texte." || len(warns) != 0 {
		t.Errorf("segments = %+v, warnings %v", tr.Segments, warns)
	}
	tr, warns = FromHTML(strings.Repeat("<div>", 1000))
	if tr == nil || len(warns) == 0 || !strings.Contains(warns[0].Error(), "parse html") {
		t.Errorf("too deep: transcript %v, warnings %v", tr, warns)
	}
}
