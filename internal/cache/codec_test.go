package cache

import (
	"crypto/sha256"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

// fill sets every field of v (a pointer) to a value that is not zero,
// different for each field.
func fill(t *testing.T, v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type() == reflect.TypeFor[*time.Location]() {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2025, 3, 4, 5, 6, 7, *n, time.FixedZone("CET", 3600))))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), n)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), n)
		}
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + "é")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int8:
		v.SetInt(int64(*n))
	case reflect.Uint8, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Map:
		// Episode.Params: not kept.
	default:
		t.Fatalf("fill: unexpected kind %s", v.Kind())
	}
}

// TestCodecFields checks that the cache index keeps every field of the
// records, of the episodes and of the items (but the HTML, which the
// blob store holds, and the front matter's other keys).
func TestCodecFields(t *testing.T) {
	var n int
	rec := &EpisodeRecord{}
	fill(t, reflect.ValueOf(rec).Elem(), &n)
	rec.Episode.HTML, rec.Episode.Params, rec.Episode.Transcript.HTML = "", nil, ""
	rec.Render.Item.ContentHTML = ""
	img := &ImageRecord{}
	fill(t, reflect.ValueOf(img).Elem(), &n)
	idx := &Index{Format: Format, Gen: 3, BlobsSize: 99, Episodes: map[string]*EpisodeRecord{"a.md": rec, "b.md": {}}, Images: map[Key]*ImageRecord{{1}: img}}
	got, err := decodeIndex(encodeIndex(idx))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got.Episodes {
		if r.raw == nil {
			t.Error("a record read from the index has no raw bytes")
		}
		r.raw = nil
	}
	if !reflect.DeepEqual(got, idx) {
		t.Errorf("index changed through the codec:\n%+v\nwant\n%+v", got.Episodes["a.md"], idx.Episodes["a.md"])
	}
	// The number of fields of each type, to update with the codec.
	// feed.Item's unexported field, the mark of CleanContent, is not kept:
	// cached items hold no content.
	for typ, want := range map[reflect.Type]int{
		reflect.TypeFor[episode.Episode](): 37, reflect.TypeFor[feed.Item](): 28,
		reflect.TypeFor[EpisodeRecord](): 10, reflect.TypeFor[RenderRecord](): 6,
		reflect.TypeFor[feed.Image](): 6, reflect.TypeFor[feed.Person](): 6,
		reflect.TypeFor[episode.Person](): 5, reflect.TypeFor[episode.Player](): 5,
		reflect.TypeFor[feed.Transcript](): 5, reflect.TypeFor[feed.Player](): 6,
	} {
		if typ.NumField() != want {
			t.Errorf("%s has %d fields, the codec knows %d: update codec.go", typ, typ.NumField(), want)
		}
	}
	if _, err := decodeIndex(encodeIndex(idx)[:100]); err == nil {
		t.Error("a truncated index decodes")
	}
}

// TestDigest pins digest to the SHA-256 of its parts, each followed by a
// zero byte, so that the keys of the build caches already written stay
// valid however digest puts them together; a part longer than its stack
// buffer included.
func TestDigest(t *testing.T) {
	long := strings.Repeat("épisode ", 100)
	h := sha256.New()
	for _, b := range [][]byte{[]byte("render"), {0}, {0x14}, {0}, []byte(long), {0}, {1}, {0}, make([]byte, 16), {0}} {
		h.Write(b)
	}
	var want Key
	copy(want[:], h.Sum(nil))
	if got := Digest("render", 10, long, true, Key{}); got != want {
		t.Errorf("digest = %x, want %x", got, want)
	}
}
