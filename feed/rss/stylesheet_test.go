package rss

import (
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// TestStylesheet checks the xml-stylesheet instruction: right after the
// XML declaration, escaped, absent when not asked for, and invisible to a
// feed parser.
func TestStylesheet(t *testing.T) { feedtest.CheckStylesheet(t, Write, audioShow(), "<rss ") }
