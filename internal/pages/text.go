package pages

import (
	"fmt"
	"strings"
	"time"
)

// texts are the words of the pages in one language.
type texts struct {
	Skip           string // skip link
	Home           string // link to the home page
	Latest         string // heading of the latest episodes
	AllEpisodes    string // "all N episodes are in the feeds"
	Subscribe      string // heading of the feeds
	SubscribeIntro string
	Show           string // heading of the show's feed
	Series         string // heading of the series' feeds
	Tags           string // heading of the tags' feeds
	FeedURL        string // label of the feed URL field
	Copy           string // copy button
	Copied         string // said once copied
	OpenIn         string // "Open in" before the app links
	OtherFormats   string // before the Atom and JSON Feed links
	OPML           string // link to feeds.opml
	OPMLHint       string
	Episodes       string // "%d episodes" (plural)
	Episode1       string // "1 episode"
	Player         string // title of a player iframe: "Player: <title>"
	Download       string // link to the media file
	Transcript     string // heading of the transcript
	TranscriptFile string // link to a transcript file
	Content        string // heading of the description
	Duration       string
	OriginalPage   string // link to the item's own URL
	WatchOn        string // link to the player's page: "Watch on %s"
	Topics         string // the episode's tags
	Pager          string // aria-label of the links to the next episodes
	Widget         string // aria-label of the embed page's list
	NoScript       string // embed page without JavaScript
	Months         [12]string
}

var french = &texts{
	Skip:           "Aller au contenu",
	Home:           "Accueil",
	Latest:         "Derniers épisodes",
	AllEpisodes:    "Les %d épisodes sont dans les flux ci-dessous.",
	Subscribe:      "S’abonner",
	SubscribeIntro: "Copiez l’adresse d’un flux dans votre application de podcasts ou votre lecteur de flux, ou ouvrez-la directement dans l’une des applications proposées.",
	Show:           "Toute l’émission",
	Series:         "Séries",
	Tags:           "Thèmes",
	FeedURL:        "Adresse du flux RSS",
	Copy:           "Copier",
	Copied:         "Adresse copiée",
	OpenIn:         "Ouvrir dans",
	OtherFormats:   "Autres formats :",
	OPML:           "Tous les flux (OPML)",
	OPMLHint:       "à importer dans une application pour s’abonner à tout d’un coup",
	Episodes:       "%d épisodes",
	Episode1:       "1 épisode",
	Player:         "Lecteur : %s",
	Download:       "Télécharger le fichier (%s)",
	Transcript:     "Transcription",
	TranscriptFile: "Transcription (%s)",
	Content:        "Description",
	Duration:       "Durée : %s",
	OriginalPage:   "Page d’origine de l’épisode",
	WatchOn:        "Voir sur %s",
	Topics:         "Thèmes :",
	Pager:          "Épisodes voisins",
	Widget:         "Derniers épisodes",
	NoScript:       "Activez JavaScript pour voir les derniers épisodes, ou ouvrez le flux :",
	Months:         [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

var english = &texts{
	Skip:           "Skip to content",
	Home:           "Home",
	Latest:         "Latest episodes",
	AllEpisodes:    "All %d episodes are in the feeds below.",
	Subscribe:      "Subscribe",
	SubscribeIntro: "Copy a feed’s address into your podcast app or feed reader, or open it directly in one of these apps.",
	Show:           "The whole show",
	Series:         "Series",
	Tags:           "Topics",
	FeedURL:        "RSS feed address",
	Copy:           "Copy",
	Copied:         "Address copied",
	OpenIn:         "Open in",
	OtherFormats:   "Other formats:",
	OPML:           "All feeds (OPML)",
	OPMLHint:       "to import into an app and subscribe to everything at once",
	Episodes:       "%d episodes",
	Episode1:       "1 episode",
	Player:         "Player: %s",
	Download:       "Download the file (%s)",
	Transcript:     "Transcript",
	TranscriptFile: "Transcript (%s)",
	Content:        "Description",
	Duration:       "Duration: %s",
	OriginalPage:   "The episode’s original page",
	WatchOn:        "Watch on %s",
	Topics:         "Topics:",
	Pager:          "Nearby episodes",
	Widget:         "Latest episodes",
	NoScript:       "Turn on JavaScript to see the latest episodes, or open the feed:",
	Months:         [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// isFrench reports whether a BCP 47 tag is French ("fr", "fr-CA").
func isFrench(lang string) bool {
	l := strings.ToLower(lang)
	return l == "fr" || strings.HasPrefix(l, "fr-") || strings.HasPrefix(l, "fr_")
}

func textsFor(lang string) *texts {
	if isFrench(lang) {
		return french
	}
	return english
}

// date writes t as a day of the calendar, in t's own zone: "1er mars
// 2026", "15 March 2026".
func (t *texts) date(d time.Time) string {
	day := fmt.Sprint(d.Day())
	if t == french && d.Day() == 1 {
		day = "1er"
	}
	return day + " " + t.Months[d.Month()-1] + " " + fmt.Sprint(d.Year())
}

// count writes a number of episodes.
func (t *texts) count(n int) string {
	if n == 1 {
		return t.Episode1
	}
	return fmt.Sprintf(t.Episodes, n)
}

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
