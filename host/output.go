package host

import (
	"bufio"
	"io"
	"os"
	"sync"
	"time"
)

// streams buffers stdout and stderr for speed while keeping what a user sees
// in order: writing to one stream first flushes the other, and the loop
// flushes both whenever it is about to wait.
type streams struct {
	mu       sync.Mutex
	out, err *bufio.Writer
	last     *bufio.Writer
	direct   bool // a terminal: write through
}

func newStreams(out, err io.Writer) *streams {
	return &streams{
		out: bufio.NewWriterSize(out, 32<<10), err: bufio.NewWriterSize(err, 8<<10),
		direct: isTerminal(out) || isTerminal(err),
	}
}

// isTerminal reports whether w is a character device, where a person reads
// output as it is written.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// flushEvery flushes the streams at the given interval until stop is
// closed, so that output written just before a long synchronous stretch of
// script still reaches a pipe or file in good time.
func (s *streams) flushEvery(d time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.flush()
		case <-stop:
			return
		}
	}
}

func (s *streams) write(w *bufio.Writer, p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != nil && s.last != w {
		s.last.Flush()
	}
	s.last = w
	n, err := w.Write(p)
	if s.direct {
		w.Flush()
	}
	return n, err
}

func (s *streams) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out.Flush()
	s.err.Flush()
}

type streamWriter struct {
	s *streams
	w *bufio.Writer
}

func (w streamWriter) Write(p []byte) (int, error) { return w.s.write(w.w, p) }

func (s *streams) stdout() io.Writer { return streamWriter{s, s.out} }
func (s *streams) stderr() io.Writer { return streamWriter{s, s.err} }
