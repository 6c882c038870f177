package eventloop

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOrder(t *testing.T) {
	cases := []struct {
		name  string
		setup func(l *Loop, log func(string))
		want  []string
	}{
		{"ready queue is FIFO and later additions wait a step", func(l *Loop, log func(string)) {
			l.CallSoon(func() { log("a"); l.CallSoon(func() { log("c") }) })
			l.CallSoon(func() { log("b") })
		}, []string{"a", "b", "c"}},
		{"timers by deadline, then by scheduling order", func(l *Loop, log func(string)) {
			l.CallLater(2*time.Millisecond, func() { log("t2") })
			l.CallLater(time.Millisecond, func() { log("t1a") })
			l.CallLater(time.Millisecond, func() { log("t1b") })
			l.CallLater(0, func() { log("t0") })
		}, []string{"t0", "t1a", "t1b", "t2"}},
		{"ready callbacks run before due timers added later", func(l *Loop, log func(string)) {
			l.CallLater(0, func() { log("timer") })
			l.CallSoon(func() { log("soon") })
		}, []string{"soon", "timer"}},
		{"a stopped timer never runs", func(l *Loop, log func(string)) {
			t := l.CallLater(time.Millisecond, func() { log("stopped") })
			l.CallLater(2*time.Millisecond, func() { log("kept") })
			if !t.Stop() || t.Stop() {
				log("Stop reported wrongly")
			}
		}, []string{"kept"}},
		{"an unref'd timer does not keep the loop alive", func(l *Loop, log func(string)) {
			l.CallLater(time.Hour, func() { log("unref") }).Unref()
			l.CallLater(time.Millisecond, func() { log("ref") })
		}, []string{"ref"}},
		{"Go keeps the loop alive until its continuation ran", func(l *Loop, log func(string)) {
			l.Go(func() func() {
				time.Sleep(10 * time.Millisecond)
				return func() { log("continuation") }
			})
		}, []string{"continuation"}},
	}
	for _, c := range cases {
		for _, clock := range []string{"virtual", "real"} {
			t.Run(c.name+"/"+clock, func(t *testing.T) {
				var l *Loop
				if clock == "virtual" {
					l = New(WithClock(NewVirtualClock()))
				} else {
					l = New()
				}
				var got []string
				c.setup(l, func(s string) { got = append(got, s) })
				if err := l.Run(nil); err != nil {
					t.Fatal(err)
				}
				l.Wait()
				if !reflect.DeepEqual(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			})
		}
	}
}

func TestVirtualClockJumps(t *testing.T) {
	c := NewVirtualClock()
	l := New(WithClock(c))
	var at []time.Duration
	for _, d := range []time.Duration{time.Hour, time.Second, 24 * time.Hour} {
		l.CallLater(d, func() { at = append(at, l.Now()) })
	}
	start := time.Now()
	if err := l.Run(nil); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("virtual run took %v of real time", el)
	}
	want := []time.Duration{time.Second, time.Hour, 24 * time.Hour}
	if !reflect.DeepEqual(at, want) {
		t.Fatalf("timers fired at %v, want %v", at, want)
	}
}

func TestStopAndPost(t *testing.T) {
	l := New()
	release := l.Hold()
	n := 0
	go func() {
		for i := 0; i < 3; i++ {
			l.Post(func() { n++ })
		}
		l.Post(func() { release() })
	}()
	if err := l.Run(nil); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("ran %d posted callbacks, want 3", n)
	}

	l.CallSoon(func() { l.Stop() })
	ran := false
	l.CallSoon(func() { ran = true })
	l.Run(nil)
	if ran {
		t.Fatal("Run went on after Stop")
	}
	l.Run(nil)
	if !ran {
		t.Fatal("work queued before Stop was lost")
	}
}

func TestPanicBecomesError(t *testing.T) {
	l := New()
	l.CallSoon(func() { panic("bug") })
	err := l.Run(nil)
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "bug" || len(pe.Stack) == 0 {
		t.Fatalf("err = %v", err)
	}
	l.Go(func() func() { panic("in goroutine") })
	err = l.Run(nil)
	if !errors.As(err, &pe) || pe.Value != "in goroutine" {
		t.Fatalf("err = %v", err)
	}
	l.Wait()
}

func TestManyTimersInOrder(t *testing.T) {
	l := New(WithClock(NewVirtualClock()))
	var got []int
	for i := 0; i < 10000; i++ {
		i := i
		l.CallLater(time.Duration(i%7)*time.Millisecond, func() { got = append(got, i) })
	}
	l.Run(nil)
	prev := map[int]int{}
	for k, i := range got {
		d := i % 7
		if k > 0 && got[k-1]%7 > d {
			t.Fatalf("deadline inversion at %d", k)
		}
		if p, ok := prev[d]; ok && p > i {
			t.Fatalf("sequence inversion for deadline %d: %d after %d", d, i, p)
		}
		prev[d] = i
	}
}

func BenchmarkCallSoon(b *testing.B) {
	l := New()
	for i := 0; i < b.N; i++ {
		l.CallSoon(func() {})
	}
	l.Run(nil)
}

func BenchmarkTimers(b *testing.B) {
	l := New(WithClock(NewVirtualClock()))
	for i := 0; i < b.N; i++ {
		l.CallLater(time.Duration(i%1000)*time.Microsecond, func() {})
	}
	l.Run(nil)
}

func ExampleLoop() {
	l := New(WithClock(NewVirtualClock()))
	l.CallLater(20*time.Millisecond, func() { fmt.Println("timer at", l.Now()) })
	l.CallSoon(func() { fmt.Println("first") })
	l.Go(func() func() {
		v := 6 * 7 // work off the loop
		return func() { fmt.Println("goroutine result", v) }
	})
	if err := l.Run(nil); err != nil {
		fmt.Println(err)
	}
	l.Wait()
	// Output:
	// first
	// goroutine result 42
	// timer at 20ms
}
