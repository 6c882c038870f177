package shield

// What a long-lived host (an interactive session) needs to carry on after
// the VM was interrupted or overflowed its stack: such an uncatchable error
// unwinds whatever JavaScript was running, leaving the task it ran for
// pending with nothing that could ever resume it.

// ClearErr forgets the uncatchable error that stopped the scheduler (see
// Err and Abort) and returns it, so that the next one is seen too.
func (s *Scheduler) ClearErr() error {
	err := s.err
	s.err = nil
	return err
}

// Stalled reports whether t has started, is not done, and is suspended at no
// await, so that nothing will ever run it again. Between loop steps this is
// true only of a task whose code was unwound by an uncatchable error; the
// host should settle it (SetException) so that whoever awaits it goes on.
// A task awaiting a thenable that is not a promise is not tracked by any
// await either, and is reported stalled too.
func (t *Task) Stalled() bool {
	if !t.started || t.external || t.state != statePending {
		return false
	}
	for _, lf := range t.leaves {
		if !lf.woken {
			return false
		}
	}
	return true
}
