package jsonfeed

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

func TestHubs(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, feedtest.WithHubs()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Hubs []map[string]string `json:"hubs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Hubs) != 2 || doc.Hubs[0]["type"] != "WebSub" || doc.Hubs[1]["url"] != "https://hub.example.org/?a=1&b=2" {
		t.Errorf("hubs = %v", doc.Hubs)
	}
}
