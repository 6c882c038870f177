package eventloop

import (
	"sync"
	"time"
)

// A Clock is the loop's source of monotonic time, measured from the loop's start.
type Clock interface {
	// Now reports the time elapsed since the clock's origin.
	Now() time.Duration
}

// An idleAdvancer is a Clock that moves itself forward when the loop has
// nothing to do but wait for a timer. The loop never blocks on such a clock.
type idleAdvancer interface {
	Clock
	advanceTo(d time.Duration)
}

// RealClock is the wall clock: time.Since a fixed origin, which Go measures
// on the monotonic clock.
type RealClock struct{ origin time.Time }

// NewRealClock returns a RealClock whose origin is now.
func NewRealClock() *RealClock { return &RealClock{origin: time.Now()} }

// Now implements Clock.
func (c *RealClock) Now() time.Duration { return time.Since(c.origin) }

// VirtualClock is a Clock that stands still while there is work to do and
// jumps straight to the next timer's deadline when the loop would otherwise
// wait. Programs run on it see the same order of events as on a RealClock but
// never sleep, which makes timer-heavy tests fast and deterministic.
//
// While a Go-backed operation is in flight the loop waits for it in real time
// without moving the virtual clock, so an operation always completes "before"
// any timer that is still pending.
type VirtualClock struct {
	mu  sync.Mutex
	now time.Duration
}

// NewVirtualClock returns a VirtualClock at time zero.
func NewVirtualClock() *VirtualClock { return &VirtualClock{} }

// Now implements Clock.
func (c *VirtualClock) Now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d; it never moves backwards.
func (c *VirtualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now += d
	}
}

func (c *VirtualClock) advanceTo(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > c.now {
		c.now = d
	}
}
