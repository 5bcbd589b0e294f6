package svg

import (
	"fmt"
	"sort"
)

// warnings counts messages by text, keeping the order of first sight.
type warnings struct {
	order []string
	count map[string]int
}

// maxWarningKinds bounds the distinct messages kept.
const maxWarningKinds = 50

func (w *warnings) add(msg string) {
	if w.count == nil {
		w.count = map[string]int{}
	}
	if _, seen := w.count[msg]; !seen {
		if len(w.order) >= maxWarningKinds {
			return
		}
		w.order = append(w.order, msg)
	}
	w.count[msg]++
}

// list returns the messages, sorted, each with its count when above one.
func (w *warnings) list() []string {
	out := make([]string, 0, len(w.order))
	for _, m := range w.order {
		if n := w.count[m]; n > 1 {
			m = fmt.Sprintf("%s (%d times)", m, n)
		}
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// once records msg unless it is already there: for messages raised while
// rendering, which may run several times on one document.
func (w *warnings) once(msg string) {
	if _, seen := w.count[msg]; !seen {
		w.add(msg)
	}
}
