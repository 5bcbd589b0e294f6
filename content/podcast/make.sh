#!/usr/bin/env bash
# Remakes the media files of the example podcast, beside this script:
# for each episode, <name>.mp3 (a tone, then a French synthetic voice;
# ID3v2.3 chapters and cover art) and <name>.vtt (its transcript, one cue
# a sentence, timed from the speech itself).
#
# Needs Debian's ffmpeg and espeak-ng (apt-get install -y ffmpeg espeak-ng).
# The same tools' versions give the same files: ffmpeg runs bit-exact.
# The sounds, texts and covers are made for the example and dedicated to
# the public domain (CC0 1.0): see ../README.md.
set -euo pipefail
cd "$(dirname "$0")"
artwork=../../public/artwork.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rate=44100   # Hz, mono
bitrate=48k  # CBR MPEG-1 Layer III: about 6 KB a second
voice=fr     # espeak-ng's French (France)
speed=150    # words a minute
gap=0.4      # seconds of silence after each sentence

# seconds FILE: the duration of a WAV file, in seconds.
seconds() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# ms SECONDS: milliseconds, rounded.
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 + 0.5 }'; }

# vtt_time MS: HH:MM:SS.mmm.
vtt_time() { awk -v t="$1" 'BEGIN { printf "%02d:%02d:%02d.%03d", t / 3600000, (t / 60000) % 60, (t / 1000) % 60, t % 1000 }'; }

# pcm OUT ARGS...: an ffmpeg filter output as a WAV at the episode's rate.
pcm() {
  local out=$1; shift
  ffmpeg -nostdin -v error -y "$@" -ac 1 -ar "$rate" -c:a pcm_s16le -fflags +bitexact -flags:a +bitexact "$out"
}

# episode NAME TITLE COLOUR -- CHAPTER SENTENCE... [-- CHAPTER SENTENCE...]...
# makes NAME.mp3 and NAME.vtt: a tone (the chapter "Générique"), then
# each chapter's sentences spoken. The episode's cover is the show's
# artwork on a background of COLOUR (0xRRGGBB) instead of its blue.
episode() {
  local name=$1 title=$2 colour=$3; shift 3
  local parts=() n=0 t=0 meta="$tmp/$name.meta" vtt="$tmp/$name.vtt"
  printf ';FFMETADATA1\ntitle=%s\nartist=feedcast\nalbum=Exemple de feedcast\ngenre=Podcast\ncopyright=CC0 1.0 : domaine public\n' "$title" >"$meta"
  printf 'WEBVTT\n' >"$vtt"

  # The tone: 1.5 s of 660 Hz, faded in and out, then a short silence.
  pcm "$tmp/$name-0.wav" -f lavfi -i "sine=frequency=660:sample_rate=$rate:duration=1.5" \
    -af "volume=0.25,afade=t=in:d=0.2,afade=t=out:st=1.1:d=0.4,apad=pad_dur=0.5"
  parts+=("$tmp/$name-0.wav")
  local chapter="Générique" start=0
  t=$(ms "$(seconds "$tmp/$name-0.wav")")

  # chapter_end MS: closes the open chapter at MS.
  chapter_end() {
    printf '\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n' "$start" "$1" "$chapter" >>"$meta"
  }
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then
      shift
      chapter_end "$t"
      chapter=$1 start=$t
      shift
      continue
    fi
    n=$((n + 1))
    local wav="$tmp/$name-$n.wav"
    espeak-ng -v "$voice" -s "$speed" -w "$tmp/$name-$n-raw.wav" "$1"
    pcm "$wav" -i "$tmp/$name-$n-raw.wav" -af "apad=pad_dur=$gap"
    parts+=("$wav")
    local d end
    d=$(ms "$(seconds "$tmp/$name-$n-raw.wav")")
    end=$((t + d))
    printf '\n%d\n%s --> %s\n<v Voix de synthèse>%s\n' "$n" "$(vtt_time "$t")" "$(vtt_time "$end")" "$1" >>"$vtt"
    t=$(ms "$(awk -v a="$t" -v b="$(seconds "$wav")" 'BEGIN { print a / 1000 + b }')")
    shift
  done
  chapter_end "$t"

  local list="$tmp/$name.list"
  : >"$list"
  for p in "${parts[@]}"; do printf "file '%s'\n" "$p" >>"$list"; done
  pcm "$tmp/$name.wav" -f concat -safe 0 -i "$list"

  # The cover: the show's artwork, its blue background (0x000091) made
  # transparent and laid on the episode's colour, as a PNG.
  ffmpeg -nostdin -v error -y -f lavfi -i "color=c=$colour:s=1400x1400:d=1" -i "$artwork" \
    -filter_complex "[1:v]colorkey=color=0x000091:similarity=0.05:blend=0.05[fg];[0:v][fg]overlay,format=rgb24" \
    -frames:v 1 -pred mixed \
    -fflags +bitexact -flags +bitexact "$tmp/$name-cover.png"

  ffmpeg -nostdin -v error -y -i "$tmp/$name.wav" -i "$meta" -i "$tmp/$name-cover.png" \
    -map 0:a -map 2:v -map_metadata 1 -map_chapters 1 \
    -c:a libmp3lame -b:a "$bitrate" -ac 1 -ar "$rate" \
    -c:v copy -disposition:v:0 attached_pic -metadata:s:v title="Cover" -metadata:s:v comment="Cover (front)" \
    -id3v2_version 3 -write_xing 1 -fflags +bitexact -flags:a +bitexact \
    "$name.mp3"
  cp "$vtt" "$name.vtt"
  echo "$name.mp3: $(stat -c %s "$name.mp3") bytes, $(seconds "$tmp/$name.wav") s"
}

episode 01-bienvenue "Bienvenue dans l'exemple" 0x18753C \
  -- "Bienvenue" \
  "Bonjour, et bienvenue dans l'émission d'exemple de feedcast." \
  "Ces trois courts épisodes ont été faits pour l'exemple, avec une voix de synthèse." \
  -- "Au programme" \
  "Vous y entendrez comment se publie un podcast sobre : un fichier audio léger, des chapitres et une transcription."

episode 02-un-son-sobre "Un fichier audio sobre" 0x6E445A \
  -- "Un son léger" \
  "Une voix n'a pas besoin d'un gros fichier." \
  "Cet épisode est encodé en MP3 mono, à quarante-huit kilobits par seconde : six kilo-octets par seconde d'écoute." \
  -- "Pourquoi" \
  "Un fichier léger se télécharge plus vite, pèse moins sur les réseaux, et tient sur les téléphones anciens."

episode 03-chapitres-et-transcription "Chapitres et transcription" 0x006A6F \
  -- "Les chapitres" \
  "Les chapitres de cet épisode sont inscrits dans son fichier MP3 : feedcast les lit, et les publie pour les applications de podcast." \
  -- "La transcription" \
  "Sa transcription, un fichier WebVTT posé à côté, permet de lire l'épisode sans l'entendre, et d'y chercher un mot."
