package feed

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// podcastNamespace is the UUID namespace of the Podcasting 2.0 guid tag:
// ead4c236-bf58-58c6-a2c6-a6b28d128cb6.
var podcastNamespace = [16]byte{
	0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
	0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6,
}

// PodcastGUID returns the Podcasting 2.0 guid of a feed URL: a UUIDv5
// (RFC 9562 §5.5) in the podcast namespace of the URL with its scheme and
// trailing slashes removed, as the podcast:guid tag specifies.
func PodcastGUID(feedURL string) string {
	name := feedURL
	if i := strings.Index(name, "://"); i >= 0 {
		name = name[i+3:]
	}
	name = strings.TrimRight(name, "/")
	h := sha1.New()
	h.Write(podcastNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
