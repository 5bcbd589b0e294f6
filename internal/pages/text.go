package pages

import (
	"fmt"
	"time"

	"github.com/feedcast/feedcast/internal/pages/i18n"
)

// texts are the words of the pages in one language: the catalogue of
// internal/pages/i18n that the show's language picks.
type texts = i18n.Texts

// textsFor returns the catalogue of a BCP 47 language tag.
func textsFor(lang string) *texts { return i18n.For(lang) }

// duration writes a media duration: "45 min", "1 h 05", "40 s".
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d", h, m)
	case m > 0:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d s", s)
}
