// Command feedcast publishes a show's episodes (Markdown files with front
// matter) as a podcast RSS feed, an Atom feed and a JSON Feed.
//
// Usage:
//
//	feedcast build [flags]     build the output folder once
//	feedcast serve [flags]     build, then serve it over HTTP
//	feedcast publish [flags]   build, then upload it to the configured targets
//	feedcast run [flags]       build and publish on a schedule
//	feedcast status            print the last and next scheduled run
//	feedcast version           print the version
//
// Run "feedcast build -h" for the flags.
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
}

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

// errSkipped marks a build or publish that went through with episode
// files skipped (exit status 3); the report has named them.
var errSkipped = errors.New("episodes skipped")

// Run runs the subcommand named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage()
		return exitUsage
	}
	var err error
	switch args[0] {
	case "build":
		err = (&buildCommand{m: m}).Run(ctx, args[1:])
	case "serve":
		err = (&serveCommand{m: m}).Run(ctx, args[1:])
	case "publish":
		err = (&publishCommand{m: m}).Run(ctx, args[1:])
	case "run":
		err = (&runCommand{m: m}).Run(ctx, args[1:])
	case "status":
		err = (&statusCommand{m: m}).Run(ctx, args[1:])
	case "version", "-version", "--version":
		fmt.Fprintln(m.Stdout, "feedcast", programVersion())
		return exitOK
	case "help", "-h", "-help", "--help":
		m.usage()
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "feedcast: unknown command %q\n", args[0])
		m.usage()
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

func (m *Main) usage() {
	fmt.Fprint(m.Stderr, `Usage: feedcast <command> [flags]

Commands:
  build     read the episodes and write the feeds to the output folder
  serve     build, then serve the output folder over HTTP
  publish   build, then upload the output folder to the configured targets
  run       build and publish on the configured schedule, until stopped
  status    print the last and next run of "feedcast run"
  version   print the version

Run "feedcast <command> -h" for a command's flags.
`)
}

// programVersion is the stamped version, else the module's, else "dev".
func programVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
