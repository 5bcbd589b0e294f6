package config

import (
	"fmt"
	"strings"
)

// appleCategories is Apple Podcasts' category list, top level to
// subcategories, as the W3C feed validator knows it (its itunes.py);
// "Religion" under Religion & Spirituality is left out because the
// validator rejects it.
var appleCategories = map[string][]string{
	"Arts":                    {"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"},
	"Business":                {"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"},
	"Comedy":                  {"Comedy Interviews", "Improv", "Stand-Up"},
	"Education":               {"Courses", "How To", "Language Learning", "Self-Improvement"},
	"Fiction":                 {"Comedy Fiction", "Drama", "Science Fiction"},
	"Government":              nil,
	"History":                 nil,
	"Health & Fitness":        {"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"},
	"Kids & Family":           {"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"},
	"Leisure":                 {"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"},
	"Music":                   {"Music Commentary", "Music History", "Music Interviews"},
	"News":                    {"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"},
	"Religion & Spirituality": {"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Spirituality"},
	"Science":                 {"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature", "Physics", "Social Sciences"},
	"Society & Culture":       {"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"},
	"Sports":                  {"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"},
	"Technology":              nil,
	"True Crime":              nil,
	"TV & Film":               {"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"},
}

// ParseCategory splits "Top > Sub" (or "Top") and checks both against
// Apple's list, with Apple's exact spelling and case.
func ParseCategory(s string) (top, sub string, err error) {
	top, sub, _ = strings.Cut(s, ">")
	top, sub = strings.TrimSpace(top), strings.TrimSpace(sub)
	subs, ok := appleCategories[top]
	if !ok {
		return "", "", fmt.Errorf("%q is not an Apple Podcasts category", top)
	}
	if sub == "" {
		return top, "", nil
	}
	for _, s := range subs {
		if s == sub {
			return top, sub, nil
		}
	}
	return "", "", fmt.Errorf("%q is not a subcategory of %q in Apple Podcasts", sub, top)
}
