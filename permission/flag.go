package permission

import (
	"flag"
	"strings"
)

// Flag is a flag.Value that fills in one Grant, for flags such as
// --allow-read. It is a boolean flag, so both forms work:
//
//	--allow-read            grants everything of the kind
//	--allow-read=a,b        grants a and b (repeating the flag adds more)
//	--allow-read=false      takes the grant back
//
// An empty list (--allow-read=) grants everything, as in Deno.
type Flag struct{ G *Grant }

// IsBoolFlag makes "--allow-read" valid without a value.
func (f Flag) IsBoolFlag() bool { return true }

// String returns the flag's current value.
func (f Flag) String() string {
	switch {
	case f.G == nil:
		return ""
	case f.G.All:
		return "true"
	default:
		return strings.Join(f.G.List, ",")
	}
}

// Set parses a value: "true" or "" grants all, "false" none, anything else
// is a comma-separated list added to the grant.
func (f Flag) Set(v string) error {
	switch v {
	case "true", "":
		f.G.All, f.G.List = true, nil
	case "false":
		f.G.All, f.G.List = false, nil
	default:
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				f.G.List = append(f.G.List, e)
			}
		}
	}
	return nil
}

// allFlag is -A / --allow-all.
type allFlag struct{ s *Set }

func (f allFlag) IsBoolFlag() bool { return true }
func (f allFlag) String() string   { return "" }
func (f allFlag) Set(v string) error {
	if v == "false" {
		return nil
	}
	*f.s = All()
	return nil
}

// RegisterFlags defines Deno's permission flags on fs, filling in s:
// --allow-read, --allow-write, --allow-net, --allow-run, --allow-env (each
// with an optional =LIST), and -A / --allow-all.
func RegisterFlags(fs *flag.FlagSet, s *Set) {
	fs.Var(Flag{&s.Read}, "allow-read", "allow reading files; --allow-read=PATHS allows only under the comma-separated PATHS")
	fs.Var(Flag{&s.Write}, "allow-write", "allow writing files; --allow-write=PATHS allows only under the comma-separated PATHS")
	fs.Var(Flag{&s.Net}, "allow-net", "allow network access; --allow-net=HOSTS allows only the comma-separated HOSTS (host or host:port)")
	fs.Var(Flag{&s.Run}, "allow-run", "allow starting programs; --allow-run=PROGRAMS allows only the comma-separated PROGRAMS")
	fs.Var(Flag{&s.Env}, "allow-env", "allow reading environment variables; --allow-env=NAMES allows only the comma-separated NAMES (NAME* matches a prefix)")
	fs.Var(allFlag{s}, "allow-all", "allow everything")
	fs.Var(allFlag{s}, "A", "allow everything (same as --allow-all)")
}
