package eventloop

import (
	"container/heap"
	"time"
)

// ring is a FIFO of callbacks backed by a growable circular buffer, so that a
// steady stream of CallSoon/pop does not allocate.
type ring struct {
	buf        []func()
	head, size int
}

func (r *ring) len() int { return r.size }

func (r *ring) push(fn func()) {
	if r.size == len(r.buf) {
		n := 2 * len(r.buf)
		if n == 0 {
			n = 64
		}
		buf := make([]func(), n)
		k := copy(buf, r.buf[r.head:])
		copy(buf[k:], r.buf[:r.head])
		r.buf, r.head = buf, 0
	}
	r.buf[(r.head+r.size)%len(r.buf)] = fn
	r.size++
}

func (r *ring) pop() func() {
	fn := r.buf[r.head]
	r.buf[r.head] = nil
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return fn
}

// A Timer is a callback scheduled for a point on the loop's clock.
type Timer struct {
	loop  *Loop
	when  time.Duration
	seq   uint64
	fn    func()
	index int // position in the heap, -1 when not scheduled
	ref   bool
}

// When reports the timer's deadline on the loop's clock.
func (t *Timer) When() time.Duration { return t.when }

// Active reports whether the timer is still scheduled.
func (t *Timer) Active() bool { return t.index >= 0 }

// Stop unschedules the timer. It reports whether the timer was still
// scheduled; a timer that has already fired or been stopped returns false.
func (t *Timer) Stop() bool {
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.loop.timers, t.index)
	if t.ref {
		t.loop.refs--
	}
	t.fn = nil
	return true
}

// Unref lets the loop finish while this timer is still pending, as Node's
// timeout.unref() does. Ref undoes it.
func (t *Timer) Unref() {
	if t.ref && t.index >= 0 {
		t.loop.refs--
	}
	t.ref = false
}

// Ref makes a pending timer keep the loop alive again (the default).
func (t *Timer) Ref() {
	if !t.ref && t.index >= 0 {
		t.loop.refs++
	}
	t.ref = true
}

// HasRef reports whether the timer keeps the loop alive.
func (t *Timer) HasRef() bool { return t.ref }

// CallAt schedules fn to run once the loop's clock reaches when. Timers with
// equal deadlines run in the order they were scheduled.
func (l *Loop) CallAt(when time.Duration, fn func()) *Timer {
	l.seq++
	t := &Timer{loop: l, when: when, seq: l.seq, fn: fn, ref: true}
	heap.Push(&l.timers, t)
	l.refs++
	return t
}

// CallLater schedules fn to run after d has elapsed on the loop's clock.
func (l *Loop) CallLater(d time.Duration, fn func()) *Timer {
	if d < 0 {
		d = 0
	}
	return l.CallAt(l.clock.Now()+d, fn)
}

// timerHeap orders timers by (deadline, scheduling sequence).
type timerHeap []*Timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*Timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	t.index = -1
	*h = old[:n-1]
	return t
}
func (h *timerHeap) popMin() *Timer { return heap.Pop(h).(*Timer) }
