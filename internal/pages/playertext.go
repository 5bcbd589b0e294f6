package pages

// playerTexts are the words of an episode page's player tools, in one
// language. They are kept apart from texts so that they can join the
// pages' catalogue as they are.
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

var frenchPlayer = &playerTexts{
	Chapters:   "Chapitres",
	ChapterNow: "Chapitre en cours :",
	Speed:      "Vitesse de lecture",
	Decimal:    ",",
	Share:      "Lien vers ce moment de l’épisode",
	Copy:       "Copier",
	Copied:     "Lien copié",
	Captions:   "Sous-titres",
}

var englishPlayer = &playerTexts{
	Chapters:   "Chapters",
	ChapterNow: "Current chapter:",
	Speed:      "Playback speed",
	Decimal:    ".",
	Share:      "Link to this moment of the episode",
	Copy:       "Copy",
	Copied:     "Link copied",
	Captions:   "Captions",
}

// playerTextsFor returns the player's words in French when lang is
// French, else in English, as textsFor does for the pages.
func playerTextsFor(lang string) *playerTexts {
	if isFrench(lang) {
		return frenchPlayer
	}
	return englishPlayer
}
