package eventloop_test

// Micro-benchmarks of the loop's own data structures (issue 6): the ready
// queue, the timer heap and the cross-goroutine completion path. Each op is
// one callback.
//
//	go test -run '^$' -bench . -benchmem ./eventloop/

import (
	"math/rand"
	"testing"
	"time"

	"github.com/shieldjs/shieldjs/eventloop"
)

// BenchmarkReadyQueueFill: b.N callbacks through the ready queue (FIFO ring).
func BenchmarkReadyQueueFill(b *testing.B) {
	l := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	n := 0
	fn := func() { n++ }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l.CallSoon(fn)
	}
	if err := l.Run(nil); err != nil || n != b.N {
		b.Fatal(err, n)
	}
}

// BenchmarkReadyQueueSteady: each callback schedules the next, so the queue
// stays short: the steady-state cost of one loop step.
func BenchmarkReadyQueueSteady(b *testing.B) {
	l := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	n := 0
	var fn func()
	fn = func() {
		if n++; n < b.N {
			l.CallSoon(fn)
		}
	}
	b.ReportAllocs()
	l.CallSoon(fn)
	if err := l.Run(nil); err != nil || n != b.N {
		b.Fatal(err, n)
	}
}

// BenchmarkTimerHeapRandom: b.N timers with random deadlines within 10 s, all
// scheduled first, then fired in order on the virtual clock (heap push+pop).
func BenchmarkTimerHeapRandom(b *testing.B) {
	l := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	rng := rand.New(rand.NewSource(1))
	n := 0
	fn := func() { n++ }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l.CallLater(time.Duration(rng.Int63n(int64(10*time.Second))), fn)
	}
	if err := l.Run(nil); err != nil || n != b.N {
		b.Fatal(err, n)
	}
}

// BenchmarkTimerStop: b.N timers scheduled and then all stopped (what a
// cancelled sleep does): heap push + heap.Remove.
func BenchmarkTimerStop(b *testing.B) {
	l := eventloop.New(eventloop.WithClock(eventloop.NewVirtualClock()))
	rng := rand.New(rand.NewSource(1))
	ts := make([]*eventloop.Timer, b.N)
	fn := func() {}
	b.ReportAllocs()
	for i := range ts {
		ts[i] = l.CallLater(time.Duration(rng.Int63n(int64(10*time.Second))), fn)
	}
	for _, t := range ts {
		t.Stop()
	}
	if err := l.Run(nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPost: b.N callbacks posted from another goroutine, the path of a
// Go-backed operation's completion.
func BenchmarkPost(b *testing.B) {
	l := eventloop.New()
	n := 0
	release := l.Hold()
	b.ReportAllocs()
	go func() {
		for i := 0; i < b.N; i++ {
			l.Post(func() {
				if n++; n == b.N {
					release()
				}
			})
		}
	}()
	if err := l.Run(nil); err != nil || n != b.N {
		b.Fatal(err, n)
	}
}

// BenchmarkGoOperation: b.N Go operations (goroutine + completion on the loop), one
// at a time: the round trip under a Go-backed promise, without JavaScript.
func BenchmarkGoOperation(b *testing.B) {
	l := eventloop.New()
	n := 0
	var start func()
	start = func() {
		l.Go(func() func() {
			return func() {
				if n++; n < b.N {
					start()
				}
			}
		})
	}
	b.ReportAllocs()
	l.CallSoon(start)
	if err := l.Run(nil); err != nil || n != b.N {
		b.Fatal(err, n)
	}
	l.Wait()
}
