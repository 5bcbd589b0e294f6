package site

import "testing"

func TestWithoutTranscript(t *testing.T) {
	tr := "<p>Jane : bonjour.</p>\n"
	tests := []struct{ name, body, want string }{
		{"shortcode section",
			"<p>intro</p>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n" + tr + "</section>\n<p>outro</p>",
			"<p>intro</p>\n\n<p>outro</p>"},
		{"markdown section",
			"<p>intro</p>\n<h2>Transcription du podcast</h2>\n" + tr + "<h2>Liens</h2>",
			"<p>intro</p>\n<h2>Liens</h2>"},
		{"not found", "<p>intro</p>", "<p>intro</p>"},
		{"a heading further up stays",
			"<h2>Transcription</h2><p>x</p>" + tr,
			"<h2>Transcription</h2><p>x</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := withoutTranscript(tt.body, tr); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
