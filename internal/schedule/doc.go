// Package schedule runs a job, the build and publish of a show, on a cron
// schedule: one run at a time, failed runs retried with capped exponential
// backoff, and a Status that a server or another process can read.
//
// # Specs
//
// A spec uses the syntax of github.com/robfig/cron/v3's standard parser:
// five fields (minute, hour, day of month, month, day of week), as in
// "*/15 * * * *" or "30 2 * * SUN"; a descriptor, "@hourly", "@daily",
// "@midnight", "@weekly", "@monthly", "@yearly", "@annually", or
// "@every <duration>" (at least one second); and an optional time zone
// prefix, "CRON_TZ=Europe/Paris 30 2 * * *" or its legacy form "TZ=...".
// As in robfig/cron and Vixie cron, when both the day of month and the day
// of week are restricted a day matching either one matches ("0 0 1 * MON"
// runs on the 1st and on every Monday).
//
// The time zone is the spec's prefix when it has one, else the location
// given to Parse (Options.Location), else UTC. The process's local zone is
// never used unless a prefix names "Local".
//
// # Why not robfig/cron's own Next
//
// robfig/cron/v3 is unmaintained since 2020 and its schedules mishandle
// daylight saving time: in Europe/Paris a job at 02:30 is skipped on the
// spring-forward day and runs twice on the fall-back day, and the spec
// "TZ=UTC" (a prefix with no fields) panics. Its maintained, API-compatible
// fork github.com/netresearch/go-cron returns an error for "TZ=UTC", but
// measured the same way (v0.9.1) its schedules still run the 02:30 job
// twice on the fall-back day and at 03:30, not 03:00, on the
// spring-forward day; it also changed the day-of-month/day-of-week rule to
// "both must match". Its v0.13.4 stops the second fall-back run in its
// scheduler (which skips a repeated wall time), not in SpecSchedule.Next,
// which this package would use; the spring-forward time is unchanged.
//
// So this package uses the fork only as a parser (with its DowOrDom option,
// to keep robfig's meaning of a spec) and computes next times itself: the
// fork's matcher is run on the wall clock written as UTC, which has no
// transitions, and each wall time is placed on the real time line zone by
// zone, with the rules below.
//
// # Daylight saving time
//
// A spec whose hour field matches every hour ("*/15 * * * *", "0 * * * *",
// "@hourly") is an interval: it runs at each matching wall time that really
// happens. Across the spring-forward hour the times that do not exist are
// not run; across the fall-back hour the repeated times run both times.
// Since the shift is a whole hour, "*/15 * * * *" then runs every 15 real
// minutes throughout both days: 92 runs on the spring-forward day and 100
// on the fall-back day in Europe/Paris, "0 * * * *" 23 and 25.
//
// A spec with fixed hours ("30 2 * * *", "@daily") is a time of day: it
// runs once on each matching day. In Europe/Paris, on the spring-forward
// day (last Sunday of March, 02:00 CET becomes 03:00 CEST) a job at 02:30
// runs once at 03:00 CEST, the first instant after the gap, and on the
// fall-back day (last Sunday of October, 03:00 CEST becomes 02:00 CET) a
// job at 02:30 runs once, at the first 02:30 (CEST), not again at 02:30
// CET. Several wall times that fall in one gap run once, at its end. This
// is ISC cron's behaviour.
//
// "@every <d>" counts absolute time: it runs every d whatever the clocks
// say.
//
// # The loop
//
// Scheduler.Run starts the job at each scheduled time, never two runs at
// once: a time that comes while a run is still going is skipped, counted
// and logged. A failed run is retried after 30 s, 1 m, 2 m and so on,
// capped at Options.MaxBackoff (15 min by default) and never at or past
// the next scheduled run, which then serves as the retry. What a failure
// means for the published files is the job's business: the loop only
// reports it. Time comes from a Clock, so tests drive the loop with a fake
// one (package schedtest) and never sleep.
package schedule
