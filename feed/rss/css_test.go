package rss

import (
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

func TestCSSStylesheet(t *testing.T) { feedtest.CheckStylesheets(t, Write, audioShow()) }
