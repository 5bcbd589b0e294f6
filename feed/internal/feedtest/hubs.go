package feedtest

import "github.com/feedcast/feedcast/feed"

// WithHubs returns the audio show with WebSub hubs and Podping on.
func WithHubs() *feed.Feed {
	f := AudioShow()
	f.Hubs = []string{"https://pubsubhubbub.appspot.com/", "https://hub.example.org/?a=1&b=2"}
	f.Podping = true
	return f
}
