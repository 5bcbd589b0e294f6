package i18n

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCatalogues loads every file: each is complete (Load fails
// otherwise), and each format has the verbs of the English one.
func TestCatalogues(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if tags := c.Tags(); !slices.Contains(tags, "fr") || !slices.Contains(tags, "en") {
		t.Fatalf("catalogues %v, want at least fr and en", tags)
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	en := reflect.ValueOf(c["en"]).Elem()
	for _, tag := range c.Tags() {
		v := reflect.ValueOf(c[strings.ToLower(tag)]).Elem()
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).Kind() != reflect.String {
				continue
			}
			name := v.Type().Field(i).Name
			got, want := verbs.FindAllString(v.Field(i).String(), -1), verbs.FindAllString(en.Field(i).String(), -1)
			if !slices.Equal(got, want) {
				t.Errorf("%s.json: %s: verbs %v, want %v as in en.json", tag, name, got, want)
			}
		}
		for role := range c["en"].Roles {
			if _, ok := c[strings.ToLower(tag)].Roles[role]; !ok {
				t.Errorf("%s.json: Roles: no %q", tag, role)
			}
		}
	}
}

// TestParseIncomplete checks that a catalogue missing a field or holding
// an unknown one is refused.
func TestParseIncomplete(t *testing.T) {
	if _, err := parse([]byte(`{"Skip": "Aller au contenu"}`)); err == nil || !strings.Contains(err.Error(), "Latest") {
		t.Errorf("incomplete catalogue: err = %v, want the missing fields named", err)
	}
	if _, err := parse([]byte(`{"Skipp": "x"}`)); err == nil || !strings.Contains(err.Error(), "Skipp") {
		t.Errorf("unknown field: err = %v, want it named", err)
	}
}

// TestFrenchIsFrench checks that the key strings of the French catalogue
// are not the English ones, and the reverse.
func TestFrenchIsFrench(t *testing.T) {
	fr, en := For("fr"), For("en")
	same := map[string]bool{"Content": true} // "Description" in both
	v, w := reflect.ValueOf(fr).Elem(), reflect.ValueOf(en).Elem()
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		if v.Field(i).Kind() != reflect.String || same[name] || name == "Tag" || name == "DateOrder" {
			continue
		}
		if v.Field(i).String() == w.Field(i).String() {
			t.Errorf("%s is %q in French and in English", name, v.Field(i).String())
		}
	}
}

func TestFor(t *testing.T) {
	for lang, want := range map[string]string{
		"fr": "fr", "fr-CA": "fr", "FR_be": "fr", "en-US": "en", "de": "en", "": "en", "french": "en",
	} {
		if got := For(lang).Tag; got != want {
			t.Errorf("For(%q) = %s, want %s", lang, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	if got := For("fr").Date(d); got != "1er août 2026" {
		t.Errorf("French date %q", got)
	}
	if got := For("en").Date(d); got != "1 August 2026" {
		t.Errorf("English date %q", got)
	}
	mdy := *For("en")
	mdy.DateOrder = "mdy"
	if got := mdy.Date(d.AddDate(0, 0, 14)); got != "August 15, 2026" {
		t.Errorf("mdy date %q", got)
	}
	if got := For("fr").Count(1) + " / " + For("fr").Count(3); got != "1 épisode / 3 épisodes" {
		t.Errorf("counts %q", got)
	}
	if got := For("fr").Role("Host") + " / " + For("fr").Role("mixer"); got != "Animation / mixer" {
		t.Errorf("roles %q", got)
	}
}
