package deploydoc

import "testing"

func TestBlocks(t *testing.T) {
	md := "# Title\n\nA unit, `/etc/x.service`:\n\n```ini\n[Unit]\nA=1\n```\n\nText\nover two lines\n~~~~ yaml\nk: ```v```\n~~~\n~~~~\n\n    ```\n    indented: code, not a fence\n\n```sh\nopen to the end\n"
	got := Blocks([]byte(md))
	want := []Block{
		{Info: "ini", Text: "[Unit]\nA=1\n", Line: 6, Before: "A unit, `/etc/x.service`:"},
		{Info: "yaml", Text: "k: ```v```\n~~~\n", Line: 13, Before: "Text over two lines"},
		// Lines indented by four spaces open no fence; this reader
		// takes them as a paragraph.
		{Info: "sh", Text: "open to the end\n", Line: 21, Before: "``` indented: code, not a fence"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}
