package artwork

import (
	"context"
	"runtime"
	"sync"
)

// ProcessAll processes the jobs on Options.Workers goroutines and returns
// their results in the order of jobs. Jobs with identical bytes are
// processed once. Outputs do not depend on the number of workers.
//
// progress, if not nil, is called after each job with the number done and
// the total; calls come one at a time, from one goroutine.
func (p *Processor) ProcessAll(ctx context.Context, jobs []Job, progress func(done, total int)) []Result {
	results := make([]Result, len(jobs))
	// Group identical sources: the first job of each group does the work.
	type group struct {
		key     string
		members []int
	}
	var groups []*group
	byKey := map[string]*group{}
	for i, j := range jobs {
		k := p.key(j.Data)
		g := byKey[k]
		if g == nil {
			g = &group{key: k}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, i)
	}

	workers := p.opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(groups)))
	work := make(chan *group)
	finished := make(chan *group)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range work {
				res := p.process(ctx, jobs[g.members[0]].Data, g.key)
				for n, i := range g.members {
					results[i] = res
					if n > 0 {
						p.shared.Add(1)
					}
					if res.Err != nil {
						p.failed.Add(1)
						results[i].Err = named(jobs[i].Name, res.Err)
					}
				}
				finished <- g
			}
		}()
	}
	go func() {
		for _, g := range groups {
			work <- g
		}
		close(work)
		wg.Wait()
		close(finished)
	}()
	done := 0
	for g := range finished {
		done += len(g.members)
		if progress != nil {
			progress(done, len(jobs))
		}
	}
	return results
}
