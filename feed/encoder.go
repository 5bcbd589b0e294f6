package feed

import (
	"fmt"
)

// ItemEncoder encodes the items of one document for a writer, through
// the feed's Fragments cache when it has one: an item already encoded for
// the same format and context is not encoded again. Every writer uses it
// the same way, so the cache contract is kept in one place.
type ItemEncoder struct {
	cache      ItemCache
	format     string
	context    string
	appendItem func(dst []byte, it *Item) ([]byte, error)
	buf        []byte
}

// NewItemEncoder returns the encoder of f's items in format. context names
// the settings of the document the encoding depends on (see ItemCache);
// appendItem appends an item's encoding to dst.
func NewItemEncoder(f *Feed, format Format, context string, appendItem func(dst []byte, it *Item) ([]byte, error)) *ItemEncoder {
	return &ItemEncoder{cache: f.Fragments, format: format.Name, context: context, appendItem: appendItem}
}

// Encode returns it's encoding, valid until the next call. An item the
// cache lacks is encoded into the encoder's buffer, which the cache copies
// from if it keeps the item.
func (e *ItemEncoder) Encode(it *Item) ([]byte, error) {
	key := ItemKey{Item: it, Format: e.format, Context: e.context}
	if e.cache != nil {
		if b, ok := e.cache.Item(key); ok {
			return b, nil
		}
	}
	buf, err := e.appendItem(e.buf[:0], it)
	if err != nil {
		return nil, fmt.Errorf("item %q: %w", it.ID, err)
	}
	e.buf = buf
	if e.cache != nil {
		e.cache.SetItem(key, buf)
	}
	return buf, nil
}
