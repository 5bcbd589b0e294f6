package atom

import (
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// TestHistoryGolden writes each kind of RFC 5005 document.
func TestHistoryGolden(t *testing.T) { feedtest.HistoryGolden(t, Write, ".xml", *update) }

// TestItemCache checks that a feed written with an item cache is the same
// as without, and that a second feed takes its items from the cache.
func TestItemCache(t *testing.T) { feedtest.CheckItemCache(t, Write) }
