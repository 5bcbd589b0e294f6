package site

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

func testContentHTML() (*contentHTML, playerLink) {
	base, _ := url.Parse("https://example.org/show/")
	link := playerLink{Kind: "video", Href: "https://www.dailymotion.com/video/x1",
		Thumbnail: &feed.Image{URL: "https://example.org/show/t.webp", Width: 640, Height: 360}, Title: "Épisode #1 : l’« IA »"}
	return newContentHTML(base, "fr"), link
}

// checkShortcut checks that render, which skips the sanitiser when it can,
// gives what the rewriting pass then the sanitiser give, and that what it
// deems clean the sanitiser keeps byte for byte.
func checkShortcut(t *testing.T, c *contentHTML, src string, link playerLink) (clean bool) {
	t.Helper()
	got, want := c.render(src, link), c.sanitize(src, link)
	if got != want {
		t.Fatalf("render(%q) =\n%q\nwant (sanitised)\n%q", src, got, want)
	}
	out, clean := c.rewrite(src, link, true)
	if clean {
		if s := c.policy.Sanitize(out); s != out {
			t.Fatalf("%q is deemed clean, but the sanitiser changes it:\n%q\ninto\n%q", src, out, s)
		}
	}
	return clean
}

// TestCleanElements checks each entry of cleanElements and
// cleanGlobalAttrs against the policy: the sanitiser keeps it as it is.
func TestCleanElements(t *testing.T) {
	c, _ := testContentHTML()
	samples := map[string]string{
		"href": "https://example.org/a?b=c&d=e#f", "src": "https://example.org/a.png", "cite": "mailto:a@example.org",
		"alt": "l’« IA » <b> & \"x\"", "title": "Un titre, (ok)", "width": "640", "height": "50%",
		"align": "center", "datetime": "2024-01-02", "id": "fn:1-a_b.c",
	}
	for a, el := range cleanElements {
		name := a.String()
		tags := []string{}
		if el.bare {
			tags = append(tags, "<"+name+">")
		}
		for key := range el.attrs {
			tags = append(tags, "<"+name+` `+key+`="`+html.EscapeString(samples[key])+`">`)
		}
		for key := range cleanGlobalAttrs {
			tags = append(tags, "<"+name+` `+key+`="`+html.EscapeString(samples[key])+`">`)
		}
		for _, tag := range tags {
			src := tag + "texte</" + name + ">"
			if voidElements[a] {
				src = strings.TrimSuffix(tag, ">") + "/>"
			}
			if got := c.policy.Sanitize(src); got != src {
				t.Errorf("the sanitiser changes %q into %q", src, got)
			}
			// The dropped attributes go, the rest of the tag stays.
			for key := range droppedAttrs {
				in := strings.Replace(src, "<"+name, "<"+name+` `+key+`="color:red;x" `, 1)
				if got := c.policy.Sanitize(in); got != src {
					t.Errorf("the sanitiser changes %q into %q, want %q", in, got, src)
				}
			}
		}
	}
}

// TestContentHTMLShortcut checks which fragments take the shortcut.
func TestContentHTMLShortcut(t *testing.T) {
	c, link := testContentHTML()
	clean := []string{
		"",
		"texte seul, l'apostrophe & l’autre",
		`<p>Intro <a href="/actualites/x/">lien</a> <em>l'IA</em> &amp; &lt;code&gt; &eacute; &#233;</p>`,
		`<p><img src="img/a.png" alt="a" width="10" height="20%"></p>`,
		"<ul>\n<li>un</li>\n<li>deux<br>trois</li>\n</ul>\n<h2>Titre</h2>\n<blockquote><p>cite</p></blockquote>",
		`<div><iframe src="https://www.dailymotion.com/embed/video/x1" allowfullscreen></iframe></div>`,
		`<iframe src="https://evil.example/embed">fallback <b>text</b></iframe><p>after</p>`,
		`<pre><code>a &lt; b &amp;&amp; "c"</code></pre>`,
		`<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>`,
		`<p>unclosed <strong>bold`,
		`<p>stray</b> end</p></p></br>`,
		`<a href="mailto:a@example.org">mail</a> <img alt="no src">`,
		`<div style="position:relative;padding-bottom:56.25%"><iframe style="width:100%" src="https://www.dailymotion.com/embed/video/x1"></iframe></div>`,
		`<p class="lead">x</p><pre><code class="language-go">x</code></pre><a class="x" href="https://example.org/" style="y">l</a>`,
	}
	for _, src := range clean {
		if !checkShortcut(t, c, src, link) {
			t.Errorf("%q does not take the shortcut", src)
		}
	}
	// Whatever the sanitiser drops or rewrites goes through it.
	dirty := []string{
		"<!-- comment --><p>x</p>",
		"<!DOCTYPE html><p>x</p>",
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<p>a<script/>b</script>c</p>",
		"<style>p{color:red}</style>",
		`<p onclick="alert(1)">x</p>`,
		`<p style="color:red" onclick="alert(1)">x</p>`,
		`<img style="x" class="y">`,
		`<a style="x" href="javascript:alert(1)">x</a>`,
		`<img src="https://example.org/a.png" onerror="alert(1)">`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JavaScript:alert(1)">x</a>`,
		`<a href=" javascript:alert(1)">x</a>`,
		`<a href="java&#x09;script:alert(1)">x</a>`,
		`<a href="java&Tab;script:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="javascript&colon;alert(1)">x</a>`,
		`<a href="vbscript:msgbox(1)">x</a>`,
		`<a href="VBScript:msgbox(1)">x</a>`,
		`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
		`<img src="data:image/png;base64,AAAA">`,
		`<a href="#fn:1">1</a>`,
		`<a href="https://example.org/a b">space</a>`,
		`<a href="https://example.org/é">not written back the same</a>`,
		`<a>no href</a>`,
		`<a href="HTTP://EXAMPLE.ORG/">upper-case scheme</a>`,
		`<iframe src="https://www.dailymotion.com/embed/video/x1"/>raw`,
		`<form action="/x"><input name="q"><button>go</button></form>`,
		`<svg><script>alert(1)</script></svg>`,
		`<svg onload="alert(1)"></svg>`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<object data="x.swf"></object><embed src="x.swf">`,
		`<textarea><p>x</p></textarea>`,
		`<title>x</title><noscript><p>x</p></noscript><xmp><p></xmp><plaintext><p>`,
		`<custom-element>x</custom-element>`,
		`<blink>x</blink>`,
		`<ol start="3"><li>x</li></ol>`,
		`<input type="checkbox" checked disabled> task`,
		`<th style="text-align:left" onmouseover="x">x</th>`,
		`<p title="<script>">x</p>`,
		`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
		`<base href="https://evil.example/">`,
		`<link rel="stylesheet" href="https://evil.example/x.css">`,
	}
	for _, src := range dirty {
		if checkShortcut(t, c, src, link) {
			t.Errorf("%q takes the shortcut", src)
		}
	}
	// A player whose links the sanitiser would change goes through it too.
	odd := link
	odd.Href = "javascript:alert(1)"
	if checkShortcut(t, c, `<iframe src="https://www.dailymotion.com/embed/video/x1"></iframe>`, odd) {
		t.Error("a player linking to javascript: takes the shortcut")
	}
}

// TestContentHTMLShortcutCorpus checks the shortcut on the episodes of the
// real corpus, their whole HTML and their transcripts.
func TestContentHTMLShortcutCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("real corpus not found at %s", corpusDir)
	}
	root := openDir(t, corpusDir)
	eps, _ := episode.Read(root.FS(), nil, episode.Options{})
	if len(eps) == 0 {
		t.Fatal("no episode read")
	}
	c, link := testContentHTML()
	clean, all := 0, 0
	for _, e := range eps {
		srcs := []string{e.HTML}
		if e.Transcript != nil {
			srcs = append(srcs, withoutTranscript(e.HTML, e.Transcript.HTML), e.Transcript.HTML)
		}
		for _, src := range srcs {
			all++
			if checkShortcut(t, c, src, link) {
				clean++
			}
		}
	}
	t.Logf("%d episodes: %d fragments of %d take the shortcut", len(eps), clean, all)
	if clean < all/2 {
		t.Errorf("only %d fragments of %d take the shortcut", clean, all)
	}
}

func FuzzContentHTML(f *testing.F) {
	for _, s := range []string{
		`<p>Intro <a href="/x/">lien</a> l'IA &amp; <img src="a.png" alt="a"></p>`,
		`<div><iframe src="https://www.dailymotion.com/embed/video/x1"></iframe></div>`,
		`<a href="java&#x09;script:alert(1)">x</a><script>alert(1)</script>`,
		`<p>a<!-- c -->b &am<!-- -->p; x<<!-- -->b></p>`,
		`<table><tr><td align="center" id="x">a</td></tr></table><blockquote cite="https://example.org/">q</blockquote>`,
		"<pre>\r\na\x00b</pre><p/>",
		"<b>text</",
		`&am<iframe src="x"></iframe>p; &a</i>mp; x&#3</x>3;`,
	} {
		f.Add(s)
	}
	c, link := testContentHTML()
	f.Fuzz(func(t *testing.T, src string) {
		checkShortcut(t, c, src, link)
		var b strings.Builder
		writeEscaped(&b, []byte(src))
		if b.String() != html.EscapeString(src) {
			t.Fatalf("writeEscaped(%q) = %q, want %q", src, b.String(), html.EscapeString(src))
		}
	})
}
