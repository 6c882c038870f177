package host

import (
	"bufio"
	"io"
	"sync"
)

// streams buffers stdout and stderr for speed while keeping what a user sees
// in order: writing to one stream first flushes the other, and the loop
// flushes both whenever it is about to wait.
type streams struct {
	mu       sync.Mutex
	out, err *bufio.Writer
	last     *bufio.Writer
}

func newStreams(out, err io.Writer) *streams {
	return &streams{out: bufio.NewWriterSize(out, 32<<10), err: bufio.NewWriterSize(err, 8<<10)}
}

func (s *streams) write(w *bufio.Writer, p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != nil && s.last != w {
		s.last.Flush()
	}
	s.last = w
	return w.Write(p)
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
