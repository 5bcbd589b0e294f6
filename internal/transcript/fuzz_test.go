package transcript

import (
	"bytes"
	"errors"
	"testing"
)

// checkClean fails t when a segment's text is not clean.
func checkClean(t *testing.T, tr *Transcript) {
	t.Helper()
	for i, s := range tr.Segments {
		if s.Body == "" || clean(s.Body) != s.Body || clean(s.Speaker) != s.Speaker || clean(s.Role) != s.Role {
			t.Fatalf("segment %d not clean: %+v", i, s)
		}
	}
}

// checkWriteAll writes tr in every format: the writers may only refuse
// timed output for bad times, and what they write must read back.
func checkWriteAll(t *testing.T, tr *Transcript) {
	t.Helper()
	var buf bytes.Buffer
	if err := tr.WriteHTML(&buf, Page{Title: "T", EpisodeURL: "/e/", Lang: "fr"}); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	buf.Reset()
	if err := tr.WriteText(&buf); err != nil {
		t.Fatalf("WriteText: %v", err)
	}
	if _, err := ParseText(buf.Bytes()); err != nil {
		t.Fatalf("ParseText(WriteText): %v", err)
	}
	buf.Reset()
	if err := tr.WriteJSON(&buf); err != nil {
		if tr.Timed && errors.Is(err, ErrBadTiming) {
			return
		}
		t.Fatalf("WriteJSON: %v", err)
	}
	back, err := ParseJSON(buf.Bytes())
	if err != nil {
		t.Fatalf("ParseJSON(WriteJSON): %v\n%s", err, buf.Bytes())
	}
	sameSegments(t, back, tr, false)
}

func FuzzFromHTML(f *testing.F) {
	f.Add("<p><strong>Voix OFF :</strong> Bienvenue.</p>")
	f.Fuzz(func(t *testing.T, src string) {
		tr, _ := FromHTML(src)
		if tr == nil || tr.Timed {
			t.Fatalf("FromHTML = %+v", tr)
		}
		checkClean(t, tr)
		checkWriteAll(t, tr)
	})
}

func FuzzParseVTT(f *testing.F) {
	f.Add([]byte("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v John>Hi &amp; bye\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ParseVTT(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		checkClean(t, tr)
		checkWriteAll(t, tr)
		var buf bytes.Buffer
		if err := tr.WriteVTT(&buf); err != nil {
			if !errors.Is(err, ErrBadTiming) {
				t.Fatalf("WriteVTT: %v", err)
			}
			return
		}
		back, err := ParseVTT(buf.Bytes())
		if err != nil {
			t.Fatalf("ParseVTT(WriteVTT): %v\n%s", err, buf.Bytes())
		}
		sameSegments(t, back, tr, false)
	})
}

func FuzzParseSRT(f *testing.F) {
	f.Add([]byte("1\n00:00:00,000 --> 00:00:02,760\nSarah: In today's episode,\nyou'll learn\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ParseSRT(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		checkClean(t, tr)
		checkWriteAll(t, tr)
		var buf bytes.Buffer
		if err := tr.WriteSRT(&buf); err != nil {
			if !errors.Is(err, ErrBadTiming) {
				t.Fatalf("WriteSRT: %v", err)
			}
			return
		}
		back, err := ParseSRT(buf.Bytes())
		if err != nil {
			t.Fatalf("ParseSRT(WriteSRT): %v\n%s", err, buf.Bytes())
		}
		// A segment without speaker after one with a speaker reads back
		// with that speaker (SRT names speakers only when they change), so
		// only the times and bodies must survive.
		if len(back.Segments) != len(tr.Segments) {
			t.Fatalf("%d segments read back, want %d\n%s", len(back.Segments), len(tr.Segments), buf.Bytes())
		}
		for i, s := range back.Segments {
			w := tr.Segments[i]
			if s.Body != w.Body || millis(s.Start) != millis(w.Start) || millis(s.End) != millis(w.End) {
				t.Fatalf("segment %d = %+v, want %+v", i, s, w)
			}
		}
	})
}
