// Package eventloop is a single-goroutine scheduler in the style of asyncio's
// event loop: a FIFO of ready callbacks, a timer heap served by one Go timer,
// and a channel through which other goroutines hand results back.
//
// Everything except Post, Stop and the methods of VirtualClock must be called
// on the goroutine that runs the loop; that goroutine is the only one that ever
// runs a callback, so callbacks may touch state (such as a goja.Runtime) that
// is not safe for concurrent use.
package eventloop

import (
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// A Loop runs callbacks one at a time on the goroutine that calls Run.
type Loop struct {
	clock Clock
	idle  func()

	ready  ring
	timers timerHeap
	seq    uint64
	refs   int // timers that keep the loop alive
	holds  int
	ops    int // Go operations whose continuation has not run yet
	wg     sync.WaitGroup

	mu     sync.Mutex
	posted []func()
	spare  []func()
	wake   chan struct{}
	stop   atomic.Bool

	tick *time.Timer
}

// An Option configures a Loop.
type Option func(*Loop)

// WithClock makes the loop read time from c instead of a RealClock.
func WithClock(c Clock) Option { return func(l *Loop) { l.clock = c } }

// WithIdle registers a function that the loop calls each time it is about to
// wait for a timer or a goroutine. Hosts use it to flush buffered output.
func WithIdle(f func()) Option { return func(l *Loop) { l.idle = f } }

// New returns a Loop that has not started.
func New(opts ...Option) *Loop {
	l := &Loop{wake: make(chan struct{}, 1)}
	for _, o := range opts {
		o(l)
	}
	if l.clock == nil {
		l.clock = NewRealClock()
	}
	return l
}

// Now reports the loop's monotonic time.
func (l *Loop) Now() time.Duration { return l.clock.Now() }

// CallSoon appends fn to the ready queue. Callbacks run in the order they
// were added, each in a later step than the one that added it.
func (l *Loop) CallSoon(fn func()) { l.ready.push(fn) }

// Pending reports how many callbacks wait in the ready queue.
func (l *Loop) Pending() int { return l.ready.len() }

// Hold keeps the loop alive, even with nothing to do, until release is
// called. It is how a caller that will Post work later (a REPL waiting for a
// line, a server waiting for a request) stops Run from returning early.
func (l *Loop) Hold() (release func()) {
	l.holds++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.Post(func() { l.holds-- })
		})
	}
}

// Go runs work on a new goroutine and then runs the continuation it returns
// (if not nil) on the loop. The loop stays alive until the continuation has
// run, and Wait waits for the goroutine, so no goroutine outlives its loop.
func (l *Loop) Go(work func() (then func())) {
	l.ops++
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		var then func()
		defer func() {
			// A panicking operation must still release the loop; the panic
			// itself is re-raised on the loop where Run reports it.
			if p := recover(); p != nil {
				err := &PanicError{Value: p, Stack: debug.Stack()}
				then = func() { panic(err) }
			}
			l.post(func() {
				l.ops--
				if then != nil {
					then()
				}
			})
		}()
		then = work()
	}()
}

// Wait blocks until every goroutine started by Go has returned.
func (l *Loop) Wait() { l.wg.Wait() }

// Post schedules fn to run on the loop. It is safe to call from any
// goroutine. Post does not keep the loop alive: use Go or Hold for that.
func (l *Loop) Post(fn func()) { l.post(fn) }

func (l *Loop) post(fn func()) {
	l.mu.Lock()
	l.posted = append(l.posted, fn)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Stop makes Run return after the callback that is running now. It is safe to
// call from any goroutine. Work still queued stays queued for a later Run.
func (l *Loop) Stop() {
	l.stop.Store(true)
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Alive reports whether the loop has anything that could still run: ready
// callbacks, referenced timers, Go operations in flight, holds, or posted work.
func (l *Loop) Alive() bool {
	if l.ready.len() > 0 || l.refs > 0 || l.ops > 0 || l.holds > 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.posted) > 0
}

// PanicError is what Run returns when a callback panics: a bug in Go code,
// never a JavaScript exception.
type PanicError struct {
	Value any
	Stack []byte
}

// Error describes the panic.
func (e *PanicError) Error() string { return fmt.Sprintf("panic on the event loop: %v", e.Value) }

// Run runs the loop until nothing is left that could run, Stop is called, or
// until (if not nil) reports true after a callback. Like asyncio, each
// iteration first collects posted results and expired timers and then runs
// exactly the callbacks that were ready at that moment.
func (l *Loop) Run(until func() bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if pe, ok := p.(*PanicError); ok {
				err = pe
			} else {
				err = &PanicError{Value: p, Stack: debug.Stack()}
			}
		}
		if l.tick != nil {
			l.tick.Stop()
		}
	}()
	for {
		if l.stop.Swap(false) {
			return nil
		}
		if until != nil && until() {
			return nil
		}
		l.collect()
		n := l.ready.len()
		if n == 0 {
			if !l.Alive() {
				return nil
			}
			l.block()
			continue
		}
		for i := 0; i < n; i++ {
			l.ready.pop()()
			if l.stop.Load() || (until != nil && until()) {
				break
			}
		}
	}
}

// collect moves posted callbacks and expired timers onto the ready queue.
func (l *Loop) collect() {
	l.mu.Lock()
	posted := l.posted
	l.posted, l.spare = l.spare[:0], nil
	l.mu.Unlock()
	for i, fn := range posted {
		l.ready.push(fn)
		posted[i] = nil
	}
	l.mu.Lock()
	if l.spare == nil {
		l.spare = posted[:0]
	}
	l.mu.Unlock()

	if len(l.timers) == 0 {
		return
	}
	now := l.clock.Now()
	for len(l.timers) > 0 && l.timers[0].when <= now {
		t := l.timers.popMin()
		if t.ref {
			l.refs--
		}
		l.ready.push(t.fn)
		t.fn = nil
	}
}

// block waits until something may have become ready.
func (l *Loop) block() {
	if l.idle != nil {
		l.idle()
	}
	var next time.Duration = -1
	if len(l.timers) > 0 {
		next = l.timers[0].when
	}
	if va, ok := l.clock.(idleAdvancer); ok && next >= 0 && l.ops == 0 && l.holds == 0 {
		va.advanceTo(next)
		return
	}
	var timerC <-chan time.Time
	if next >= 0 {
		if _, virtual := l.clock.(idleAdvancer); !virtual {
			d := next - l.clock.Now()
			if d <= 0 {
				return
			}
			if l.tick == nil {
				l.tick = time.NewTimer(d)
			} else {
				l.tick.Reset(d)
			}
			timerC = l.tick.C
		}
	}
	select {
	case <-l.wake:
	case <-timerC:
	}
}
