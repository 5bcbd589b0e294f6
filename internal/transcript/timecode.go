package transcript

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendTimestamp appends ms as hh:mm:ss.ttt, with sep before the
// milliseconds ('.' for WebVTT, ',' for SRT). Hours have two digits or
// more.
func appendTimestamp(b []byte, ms int64, sep byte) []byte {
	h, m, s, t := ms/3600000, ms/60000%60, ms/1000%60, ms%1000
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10), sep)
	return append(b, byte('0'+t/100), byte('0'+t/10%10), byte('0'+t%10))
}

// clockTime formats seconds as the HTML transcripts show them: m:ss, or
// h:mm:ss from one hour.
func clockTime(sec float64) string {
	s := millis(sec) / 1000
	h, m := s/3600, s/60%60
	s %= 60
	if h > 0 {
		return strconv.FormatInt(h, 10) + ":" + twoDigits(m) + ":" + twoDigits(s)
	}
	return strconv.FormatInt(m, 10) + ":" + twoDigits(s)
}

func twoDigits(n int64) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// isoDuration formats seconds as an HTML valid duration string, "PT62.76S".
func isoDuration(sec float64) string {
	ms := millis(sec)
	s := "PT" + strconv.FormatInt(ms/1000, 10)
	if f := ms % 1000; f != 0 {
		s += strings.TrimRight("."+strconv.FormatInt(1000+f, 10)[1:], "0")
	}
	return s + "S"
}

// parseTimestamp reads a timestamp at the start of s: [h...:]mm:ss then
// '.' or ',' and milliseconds. vtt selects WebVTT rules (hours optional,
// '.' and exactly three digits); otherwise SRT rules (hours required, ','
// or '.', one to three digits). It returns the milliseconds and the bytes
// read, n = 0 when s does not start with a timestamp.
func parseTimestamp(s string, vtt bool) (ms int64, n int) {
	var parts [3]int64
	var digits [3]int
	k := 0
	for {
		v, d := 0, 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' && d < 12 {
			v = v*10 + int(s[n]-'0')
			n++
			d++
		}
		if d == 0 || k == 3 {
			return 0, 0
		}
		parts[k], digits[k] = int64(v), d
		k++
		if n < len(s) && s[n] == ':' {
			n++
			continue
		}
		break
	}
	if n >= len(s) || !(s[n] == '.' || (!vtt && s[n] == ',')) {
		return 0, 0
	}
	n++
	var h, m, sec int64
	switch {
	case k == 3:
		h, m, sec = parts[0], parts[1], parts[2]
		if digits[1] != 2 {
			return 0, 0
		}
	case k == 2 && vtt:
		m, sec = parts[0], parts[1]
		if digits[0] != 2 {
			return 0, 0
		}
	default:
		return 0, 0
	}
	if digits[k-1] != 2 || m > 59 || sec > 59 {
		return 0, 0
	}
	frac, d := int64(0), 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' && d < 3 {
		frac = frac*10 + int64(s[n]-'0')
		n++
		d++
	}
	if d == 0 || (vtt && d != 3) || (n < len(s) && s[n] >= '0' && s[n] <= '9') {
		return 0, 0
	}
	for ; d < 3; d++ {
		frac *= 10
	}
	return ((h*60+m)*60+sec)*1000 + frac, n
}

// parseTiming reads a "start --> end" line; the cue settings after the end
// are ignored.
func parseTiming(line string, vtt bool) (start, end int64, ok bool) {
	start, n := parseTimestamp(line, vtt)
	if n == 0 {
		return 0, 0, false
	}
	rest := strings.TrimLeft(line[n:], " \t")
	if !strings.HasPrefix(rest, "-->") {
		return 0, 0, false
	}
	rest = strings.TrimLeft(rest[3:], " \t")
	end, n = parseTimestamp(rest, vtt)
	if n == 0 || (n < len(rest) && rest[n] != ' ' && rest[n] != '\t') {
		return 0, 0, false
	}
	return start, end, true
}

// wrap splits one line of text at spaces into lines of at most width
// characters; a longer word stays whole on its own line.
func wrap(s string, width int) []string {
	if len(s) <= width {
		return []string{s}
	}
	var out []string
	start, end, count := 0, 0, 0 // the line is s[start:end], count runes
	for i := 0; i <= len(s); {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		n := utf8.RuneCountInString(s[i:j])
		switch {
		case count == 0:
			start, count = i, n
		case count+1+n <= width:
			count += 1 + n
		default:
			out = append(out, s[start:end])
			start, count = i, n
		}
		end, i = j, j+1
	}
	return append(out, s[start:end])
}

// lines splits data into lines, without the BOM and line terminators
// (CRLF, LF or CR).
func lines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var out []string
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			out = append(out, string(data))
			break
		}
		out = append(out, string(data[:i]))
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return out
}
