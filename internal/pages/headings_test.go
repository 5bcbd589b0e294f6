package pages

import "testing"

func TestNestHeadings(t *testing.T) {
	tests := []struct {
		in   string
		top  int
		want string
	}{
		{`<h1 class="a">T</h1><p>x</p><h2>S</h2>`, 2, `<h2 class="a">T</h2><p>x</p><h3>S</h3>`},
		{`<H1>T</H1><h6>deep</h6>`, 3, `<H3>T</H3><h6>deep</h6>`},
		{`<h3>T</h3><p>h1 in text</p>`, 2, `<h3>T</h3><p>h1 in text</p>`},
		{`<p>no heading &amp; <b>bold</b></p>`, 2, `<p>no heading &amp; <b>bold</b></p>`},
		{`<h2>T</h2><hr><h4>U</h4>`, 3, `<h3>T</h3><hr><h5>U</h5>`},
	}
	for _, tt := range tests {
		if got := nestHeadings(tt.in, tt.top); got != tt.want {
			t.Errorf("nestHeadings(%q, %d) = %q, want %q", tt.in, tt.top, got, tt.want)
		}
	}
}
