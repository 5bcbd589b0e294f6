package atom

import (
	"bytes"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

func TestHubs(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, feedtest.WithHubs()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<link rel="hub" href="https://pubsubhubbub.appspot.com/"></link>`,
		`<link rel="hub" href="https://hub.example.org/?a=1&amp;b=2"></link>`,
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %s in\n%s", want, buf.String()[:800])
		}
	}
}
