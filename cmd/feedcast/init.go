package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// initCommand is "feedcast init [DIR]": it writes a new show, a commented
// feedcast.yaml, one episode with its audio file and the show's artwork,
// that "feedcast build" in DIR publishes as it is. It never replaces a
// file: when one of them exists, it writes nothing.
type initCommand struct {
	m *Main
}

func (c *initCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast init", flag.ContinueOnError)
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), `Usage: feedcast init [DIR]

Writes a new show in DIR (default: the current folder): a commented
feedcast.yaml, one example episode with a short silent MP3, and the show's
artwork. "feedcast build" or "feedcast serve" in DIR then publishes it.
No file is ever replaced: if one of them exists, nothing is written.
`)
	}
	if err := parseArgs(c.m, fset, args); err != nil {
		return err
	}
	if fset.NArg() > 1 {
		fmt.Fprintf(c.m.Stderr, "feedcast init: unexpected argument %q\n", fset.Arg(1))
		return errUsage
	}
	dir := "."
	if fset.NArg() == 1 {
		dir = fset.Arg(0)
	}
	files, err := starterFiles(c.m.Now())
	if err != nil {
		return err
	}
	if err := writeNew(dir, files); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	w := c.m.Stdout
	for _, f := range files {
		fmt.Fprintln(w, "created", filepath.Join(dir, filepath.FromSlash(f.path)))
	}
	cd := ""
	if dir != "." {
		cd = "cd " + dir + " && "
	}
	fmt.Fprintf(w, "\nNext: %sfeedcast serve, then open the address it prints.\nEdit feedcast.yaml (title, base_url, id_authority, owner) and add episodes to content/.\n", cd)
	return nil
}

// starterFile is a file written by init, at a slash path relative to the
// show's folder.
type starterFile struct {
	path string
	data []byte
}

// writeNew writes files under dir, all or none: it refuses when one of
// them exists, and removes those it wrote when a write fails.
func writeNew(dir string, files []starterFile) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s: already exists: init never replaces a file, and wrote nothing", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	var written []string
	undo := func() {
		for _, p := range written {
			os.Remove(p)
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			undo()
			return err
		}
		// O_EXCL: a file that appeared since the check is not replaced.
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			undo()
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: already exists: init never replaces a file, and wrote nothing", p)
			}
			return err
		}
		written = append(written, p)
		_, err = out.Write(f.data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			undo()
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// The example episode's audio: seconds of silence.
const (
	starterAudio   = "welcome.mp3"
	starterSeconds = 9
)

// starterFiles returns the files of a new show; today dates the episode.
func starterFiles(today time.Time) ([]starterFile, error) {
	art, err := starterArtwork()
	if err != nil {
		return nil, err
	}
	episode := strings.ReplaceAll(starterEpisode, "{date}", today.UTC().Format(time.DateOnly))
	episode = strings.ReplaceAll(episode, "{audio}", starterAudio)
	episode = strings.ReplaceAll(episode, "{seconds}", fmt.Sprint(starterSeconds))
	return []starterFile{
		{"feedcast.yaml", []byte(starterConfig)},
		{"content/welcome.md", []byte(episode)},
		{"content/" + starterAudio, silentMP3(starterSeconds)},
		{"public/artwork.png", art},
	}, nil
}

// starterConfig uses only keys of config.Config; every one is described in
// the README ("Configuration").
const starterConfig = `# The show. Every key is described in feedcast's README ("Configuration");
# the flags of "feedcast build -h" override them.
title: "My Podcast"
description: "What the show is about, in a sentence or two."
# BCP 47 language tag: en, en-US, fr, ...
language: en
# Where the output folder is published, with a trailing slash: feeds, pages
# and files get their addresses under it. While it names this machine
# (localhost, 127.0.0.1), "feedcast serve" builds for the address it serves.
# Set the real one before publishing.
base_url: http://localhost:8080/
# The tag: authority of the ids of the show and its episodes (RFC 4151): a
# domain you own and a date. Set it once, before the first publication,
# and never change it; by default it is the host of base_url.
# id_authority: example.org,2026
author: "Your Name"
owner:
  name: "Your Name"
  email: you@example.org
# Apple Podcasts categories, "Top" or "Top > Sub".
categories:
  - Technology
explicit: false
# episodic (newest first) or serial (in order).
type: episodic
# Square JPEG or PNG, 1400 to 3000 px, in the static folder.
artwork: /artwork.png
artwork_alt: "My Podcast: a play button on a teal background"
# The zone of dates written without a time ("date: 2026-01-17").
timezone: UTC
# The folders, relative to this file: episodes (Markdown), files published
# as they are, and the output folder.
content: content
static: public
out: _site
# Where "feedcast publish" uploads the output folder: a folder, S3 or SFTP
# (see the README, "Publishing and scheduling").
# publish:
#   - type: dir
#     path: /var/www/podcast
`

// starterEpisode uses only front matter keys the episode format reads
// (episode/fields.go): the README's "Episode files" lists them.
const starterEpisode = `---
# An episode: front matter between the --- lines, then show notes in
# Markdown. Every key is described in feedcast's README ("Episode files").
title: "Welcome to My Podcast"
# The release date: no build publishes the episode before it.
date: {date}
description: "The first episode: what the show is about and who makes it."
# The media file: beside this file (its length is read from it), in the
# static folder ("/media/x.mp3"), or a URL with its length in bytes:
#   audio: {url: "https://example.org/x.mp3", length: 12345678, type: audio/mpeg}
audio:
  path: {audio}
  type: audio/mpeg
# Seconds, or "HH:MM:SS".
duration: {seconds}
tags: [Introduction]
---
Welcome! These are the show notes, in **Markdown**: they become the
episode's page and its description in podcast apps.

Replace ` + "`{audio}`" + ` (a few seconds of silence) with your recording, and add
an episode by adding a ` + "`.md`" + ` file to this folder.
`

// silentMP3 returns seconds of silence as MPEG-1 Layer III frames: mono,
// 32 kHz, 32 kbit/s, so that every frame is 144 bytes (ISO/IEC 11172-3:
// 144 * bitrate / sample rate) and lasts 1152 samples (36 ms). Each frame
// is a header and zeros: empty side information (no main data) decodes as
// silence.
func silentMP3(seconds int) []byte {
	const (
		frameSize       = 144
		samplesPerFrame = 1152
		sampleRate      = 32000
	)
	frames := (seconds*sampleRate + samplesPerFrame - 1) / samplesPerFrame
	out := make([]byte, frames*frameSize)
	for i := range frames {
		// Sync, MPEG-1, Layer III, no CRC; 32 kbit/s, 32 kHz, no padding;
		// mono, original.
		copy(out[i*frameSize:], []byte{0xFF, 0xFB, 0x18, 0xC4})
	}
	return out
}

// starterArtwork draws the show's artwork, 1400 px square (the smallest
// Apple Podcasts accepts): a white play button on teal, as a PNG.
func starterArtwork() ([]byte, error) {
	const size = 1400
	teal := color.RGBA{0x0f, 0x76, 0x6e, 0xff}
	pal := color.Palette{teal, color.White}
	img := image.NewPaletted(image.Rect(0, 0, size, size), pal)
	const c, r, ring = size / 2, 460, 60
	for y := range size {
		for x := range size {
			dx, dy := x-c, y-c
			d2 := dx*dx + dy*dy
			onRing := d2 <= r*r && d2 >= (r-ring)*(r-ring)
			// The triangle: from x = c-130 to c+200, its half height
			// shrinking from 230 to 0.
			inPlay := x >= c-130 && x <= c+200 && abs(dy)*330 <= 230*(c+200-x)
			if onRing || inPlay {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("artwork: %w", err)
	}
	return buf.Bytes(), nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
