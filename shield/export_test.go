package shield

import (
	"sort"

	"github.com/dop251/goja"
)

// Test hooks: the toolkit table, and natives to load and list modules.

// ToolkitForTest returns the toolkit table as "name=module" pairs.
func ToolkitForTest() []string {
	var out []string
	for k, v := range toolkit {
		out = append(out, k+"="+v)
	}
	return out
}

// InstallTestHooks defines require_internal(name) and loadedModules().
func (s *Scheduler) InstallTestHooks(g *goja.Object) {
	g.Set("require_internal", func(c goja.FunctionCall) goja.Value { return s.internalRequire(c.Argument(0).String()) })
	g.Set("loadedModules", func() []string {
		var out []string
		for k := range s.internalModules {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	})
}
