package pages

import "github.com/feedcast/feedcast/internal/pages/i18n"

// playerTexts are the words of an episode page's player tools.
type playerTexts struct {
	Chapters   string // heading of the chapter list
	ChapterNow string // before the current chapter's title
	Speed      string // label of the playback speed menu
	Decimal    string // decimal separator of the speeds: "0,75×"
	Share      string // label of the link to the current time
	Copy       string // copy button
	Copied     string // said once the link is copied
	Captions   string // label of a captions track
}

// playerTextsFor returns the player's words in the show's language, from
// the catalogue.
func playerTextsFor(lang string) *playerTexts {
	t := i18n.For(lang)
	return &playerTexts{
		Chapters:   t.PlayerChapters,
		ChapterNow: t.PlayerChapterNow,
		Speed:      t.PlayerSpeed,
		Decimal:    t.PlayerDecimal,
		Share:      t.PlayerShare,
		Copy:       t.PlayerCopy,
		Copied:     t.PlayerCopied,
		Captions:   t.PlayerCaptions,
	}
}
