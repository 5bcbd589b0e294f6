// Command feedcast publishes a show's episodes (Markdown files with front
// matter) as a podcast RSS feed, an Atom feed and a JSON Feed.
//
// Usage:
//
//	feedcast init [DIR]        write a new show: config, one episode, artwork
//	feedcast build [flags]     build the output folder once
//	feedcast check [flags]     tell whether podcast directories would take the show
//	feedcast serve [flags]     build, then serve it over HTTP
//	feedcast publish [flags]   build, then upload it to the configured targets
//	feedcast run [flags]       build and publish on a schedule
//	feedcast status            print the last and next scheduled run
//	feedcast version           print the version and the revision built
//	feedcast help [COMMAND]    print the usage
//
// Run "feedcast build -h" for the flags. Help goes to stdout; usage
// mistakes go to stderr with exit status 2.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// version is stamped at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	// exitSkipped: the feeds were published, but some episode files
	// could not be (each is reported); the others are all published.
	exitSkipped = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main is the program, with its outside world injected for tests.
type Main struct {
	Stdout, Stderr io.Writer
	Now            func() time.Time

	// paceGC lets builds pace the garbage collector against their memory
	// budget (site.Options.PaceGC). It changes settings of the whole
	// process, so only the commands that build once and exit ask for it
	// (build, publish); a server and the scheduled loop never get it.
	paceGC bool
}

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

// errSkipped marks a build or publish that went through with episode
// files skipped (exit status 3); the report has named them.
var errSkipped = errors.New("episodes skipped")

// Run runs the subcommand named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage(m.Stderr)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "init":
		err = (&initCommand{m: m}).Run(ctx, args[1:])
	case "build":
		m.paceGC = true
		err = (&buildCommand{m: m}).Run(ctx, args[1:])
	case "check":
		err = (&checkCommand{m: m}).Run(ctx, args[1:])
	case "serve":
		err = (&serveCommand{m: m}).Run(ctx, args[1:])
	case "publish":
		m.paceGC = true
		err = (&publishCommand{m: m}).Run(ctx, args[1:])
	case "run":
		err = (&runCommand{m: m}).Run(ctx, args[1:])
	case "status":
		err = (&statusCommand{m: m}).Run(ctx, args[1:])
	case "version", "-version", "--version":
		bi, _ := debug.ReadBuildInfo()
		fmt.Fprint(m.Stdout, versionText(version, bi))
		return exitOK
	case "help", "-h", "-help", "--help":
		if args[0] == "help" && len(args) == 2 {
			return m.Run(ctx, []string{args[1], "-h"}) // "help build" is "build -h"
		}
		m.usage(m.Stdout)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "feedcast: unknown command %q\n", args[0])
		m.usage(m.Stderr)
		return exitUsage
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errSkipped):
		return exitSkipped
	default:
		fmt.Fprintln(m.Stderr, "feedcast:", err)
		return exitFail
	}
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `Usage: feedcast <command> [flags]

Commands:
  init      write a new show (config, one episode, artwork) in a folder
  build     read the episodes and write the feeds to the output folder
  check     tell whether podcast directories would take the show (writes nothing)
  serve     build, then serve the output folder over HTTP
  publish   build, then upload the output folder to the configured targets
  run       build and publish on the configured schedule, until stopped
  status    print the last and next run of "feedcast run"
  version   print the version and the revision it was built from
  help      print this, or "help <command>" a command's flags

Run "feedcast <command> -h" for a command's flags.
`)
}

// programVersion is the stamped version, else the module's, else "dev":
// the version the feeds' generator tags carry.
func programVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return firstNonEmpty(version, firstNonEmpty(moduleVersion(bi), "dev"))
}

// moduleVersion is the version of the main module in bi: a tag, or the
// pseudo-version "go build" makes from the VCS; "" when unknown.
func moduleVersion(bi *debug.BuildInfo) string {
	if bi == nil || bi.Main.Version == "(devel)" {
		return ""
	}
	return bi.Main.Version
}

// versionText is what "feedcast version" prints: the version stamped
// with -ldflags "-X main.version=..." or the module's, the VCS revision,
// time and modified flag the go command records (debug.BuildInfo), and
// the Go version. It says "dev" only when none of them is known.
//
//	feedcast v1.2.3
//	revision 0123456789abcdef0123456789abcdef01234567 (2026-01-02T03:04:05Z, modified)
//	built with go1.26.8
func versionText(stamped string, bi *debug.BuildInfo) string {
	var b strings.Builder
	v := firstNonEmpty(stamped, moduleVersion(bi))
	var rev, at string
	modified := false
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	switch {
	case v != "":
	case rev != "":
		v = "(devel)" // a build from a checkout: the revision says which
	default:
		v = "dev"
	}
	fmt.Fprintf(&b, "feedcast %s\n", v)
	if rev != "" {
		var notes []string
		if at != "" {
			notes = append(notes, at)
		}
		if modified {
			notes = append(notes, "modified")
		}
		fmt.Fprintf(&b, "revision %s", rev)
		if len(notes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(notes, ", "))
		}
		b.WriteByte('\n')
	}
	if bi != nil && bi.GoVersion != "" {
		fmt.Fprintf(&b, "built with %s\n", bi.GoVersion)
	}
	return b.String()
}
