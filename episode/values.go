package episode

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// typeName names the type of a decoded value for messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int64, uint64, float64:
		return "a number"
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("a %T", v)
}

// text returns a scalar as text: strings as they are, numbers and booleans
// formatted. Lists, mappings and nil are not text.
func text(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case time.Time:
		return v.Format(time.RFC3339), true
	}
	return "", false
}

// integer returns a whole number: a number without fraction or a string of
// digits.
func integer(v any) (int, error) {
	switch v := v.(type) {
	case int:
		return v, nil
	case int64:
		if v < math.MinInt || v > math.MaxInt {
			return 0, errors.New("number out of range")
		}
		return int(v), nil
	case uint64:
		if v > math.MaxInt {
			return 0, errors.New("number out of range")
		}
		return int(v), nil
	case float64:
		if v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32 {
			return 0, fmt.Errorf("not a whole number: %v", v)
		}
		return int(v), nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("not a whole number: %q", v)
		}
		return n, nil
	}
	return 0, typeError("a whole number", v)
}

// boolean accepts booleans and the given words for true and false,
// compared without case.
func boolean(v any, yes, no []string) (bool, error) {
	switch v := v.(type) {
	case bool:
		return v, nil
	case string:
		s := strings.ToLower(strings.TrimSpace(v))
		for _, w := range yes {
			if s == w {
				return true, nil
			}
		}
		for _, w := range no {
			if s == w {
				return false, nil
			}
		}
		return false, fmt.Errorf("want true or false, got %q", v)
	}
	return false, typeError("true or false", v)
}

// Date layouts with an offset, kept: RFC 3339 and the YAML timestamp
// forms with a space. Fractions of seconds are accepted by time.Parse.
var offsetLayouts = []string{
	time.RFC3339,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
}

// Date layouts without an offset, read in the show's zone.
var localLayouts = []string{
	"2006-01-02",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
}

// date reads a release date. A date without an offset is in loc (a date
// alone is midnight there); an RFC 3339 value keeps its offset. TOML local
// dates and times are read in loc too.
func date(v any, loc *time.Location) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		switch v.Location().String() {
		case "date-local", "datetime-local":
			return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), loc), nil
		case "time-local":
			return time.Time{}, errors.New("want a date, got a time of day")
		}
		return v, nil
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range offsetLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		for _, layout := range localLayouts {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("not a date: %q%s", v, dateHint(s))
	}
	return time.Time{}, typeError("a date", v)
}

// dateForms names the accepted forms in messages, as people write them
// and not as Go's reference time: "2006-01-02" reads as an example date.
const dateForms = "want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00"

var (
	numericDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	shortISO    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	isoPrefix   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
)

// dateHint tells what is wrong with a date that did not parse, and how to
// write it when that can be guessed: 17/01/2025 as 2025-01-17 (the day
// first, as in France, unless only the other way round makes a date).
func dateHint(s string) string {
	valid := func(y, m, d int) bool {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return m >= 1 && m <= 12 && t.Day() == d && t.Month() == time.Month(m)
	}
	iso := func(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }
	if m := shortISO.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if valid(y, mo, d) {
			return fmt.Sprintf(" (want YYYY-MM-DD: %s)", iso(y, mo, d))
		}
	}
	if m := numericDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		dayFirst, monthFirst := valid(y, b, a), valid(y, a, b)
		switch {
		case dayFirst && monthFirst && a != b:
			return fmt.Sprintf(" (want YYYY-MM-DD: %s if the day comes first, %s if the month does)", iso(y, b, a), iso(y, a, b))
		case dayFirst:
			return fmt.Sprintf(" (want YYYY-MM-DD: %s)", iso(y, b, a))
		case monthFirst:
			return fmt.Sprintf(" (want YYYY-MM-DD: %s)", iso(y, a, b))
		}
	}
	if p := isoPrefix.FindString(s); p != "" {
		if _, err := time.Parse("2006-01-02", p); err != nil {
			var pe *time.ParseError
			if errors.As(err, &pe) && strings.HasPrefix(pe.Message, ": ") {
				// ": day out of range", ": month out of range"
				return pe.Message + " (" + dateForms + ")"
			}
		}
	}
	return " (" + dateForms + ")"
}

// duration reads a length of time: seconds as a number, "HH:MM:SS",
// "MM:SS", or a Go duration such as "1h2m3s".
func duration(v any) (time.Duration, error) {
	var d time.Duration
	switch v := v.(type) {
	case int, int64, uint64:
		n, err := integer(v)
		if err != nil {
			return 0, err
		}
		if int64(n) > math.MaxInt64/int64(time.Second) {
			return 0, errors.New("duration out of range")
		}
		d = time.Duration(n) * time.Second
	case float64:
		if math.IsNaN(v) || v < 0 || v > math.MaxInt64/float64(time.Second) {
			return 0, fmt.Errorf("duration out of range: %v", v)
		}
		d = time.Duration(v * float64(time.Second))
	case string:
		var err error
		if d, err = parseDuration(strings.TrimSpace(v)); err != nil {
			return 0, err
		}
	default:
		return 0, typeError("a duration", v)
	}
	if d < 0 {
		return 0, errors.New("negative duration")
	}
	return d, nil
}

func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, fmt.Errorf("not a duration: %q (want HH:MM:SS)", s)
		}
		var total uint64
		for i, part := range parts {
			n, err := strconv.ParseUint(part, 10, 32)
			if err != nil || (i > 0 && n >= 60) {
				return 0, fmt.Errorf("not a duration: %q (want HH:MM:SS or MM:SS)", s)
			}
			total = total*60 + n
		}
		return time.Duration(total) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration: %q (want seconds, HH:MM:SS or 1h2m3s)", s)
	}
	return d, nil
}

// errNotMapping is reported when the front matter is not a set of keys.
var errNotMapping = errors.New("not a mapping of keys to values")

func typeError(field string, v any) error {
	return fmt.Errorf("want %s, got %s", field, typeName(v))
}
