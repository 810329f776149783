package main

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// thousands matches a number written with commas between thousands.
var thousands = regexp.MustCompile(`^\d{1,3}(,\d{3})+$`)

// maxCount is the largest count a count flag takes (well above every
// command's own limit, which each command checks with its name).
const maxCount = 1e15

// parseCount reads a whole number as people write it: 100000, 100,000,
// 100_000, 1e6 or 2.5e5. A fraction or a negative number is refused.
func parseCount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if strings.Contains(t, ",") && !thousands.MatchString(t) {
		return 0, fmt.Errorf("commas must separate thousands") // 1,5 is not 15
	}
	t = strings.NewReplacer(",", "", "_", "").Replace(t)
	if t == "" {
		return 0, fmt.Errorf("empty")
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("negative")
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > maxCount || f != math.Trunc(f) || strings.ContainsAny(t, "xXpP") {
		return 0, fmt.Errorf("not a whole number")
	}
	return int64(f), nil
}

// countValue is a pflag.Value for counts (draws, sample sizes,
// replications) that accepts 1e6 and 1,000,000; String gives the plain
// number, which is what the settings read.
type countValue struct{ p *int64 }

func (c countValue) String() string {
	if c.p == nil {
		return "0"
	}
	return strconv.FormatInt(*c.p, 10)
}

func (c countValue) Set(s string) error {
	n, err := parseCount(s)
	if err != nil {
		return err
	}
	*c.p = n
	return nil
}

// Type is the word the help shows after the flag.
func (c countValue) Type() string { return "int" }

// intCount is a countValue over an int.
type intCount struct{ p *int }

func (c intCount) String() string {
	if c.p == nil {
		return "0"
	}
	return strconv.Itoa(*c.p)
}

func (c intCount) Set(s string) error {
	n, err := parseCount(s)
	if err != nil {
		return err
	}
	if n > math.MaxInt32 {
		return fmt.Errorf("too large")
	}
	*c.p = int(n)
	return nil
}

func (c intCount) Type() string { return "int" }

// countFlag adds a count flag (int64) with a default.
func countFlag(f *pflag.FlagSet, name, short string, def int64, usage string) {
	p := new(int64)
	*p = def
	f.VarP(countValue{p}, name, short, usage)
}

// intCountVar adds a count flag bound to an int.
func intCountVar(f *pflag.FlagSet, p *int, name string, def int, usage string) {
	*p = def
	f.Var(intCount{p}, name, usage)
}

// flagError turns pflag's message for a bad flag value ("invalid argument
// "abc" for "--seed" flag: strconv.ParseUint: parsing "abc": invalid
// syntax") into a sentence that says what to write instead.
func flagError(cmd *cobra.Command, err error) error {
	const pre = "invalid argument "
	msg := err.Error()
	if !strings.HasPrefix(msg, pre) {
		return &usageError{err}
	}
	value, rest, ok := cutQuoted(strings.TrimPrefix(msg, pre))
	if !ok {
		return &usageError{err}
	}
	rest = strings.TrimPrefix(rest, " for ")
	names, _, ok := cutQuoted(rest)
	if !ok {
		return &usageError{err}
	}
	// names is "--seed" or "-n, --draws".
	name := names[strings.LastIndex(names, "-")+1:]
	if i := strings.LastIndex(names, "--"); i >= 0 {
		name = names[i+2:]
	}
	fl := cmd.Flags().Lookup(name)
	if fl == nil {
		return &usageError{err}
	}
	if _, ok := fl.Value.(*shardFlag); ok {
		// sim.ParseShard says what is wrong ("K counts from 0, so it
		// must be from 0 to 1"); keep that rather than "not a valid K/N".
		if _, why, ok := strings.Cut(rest, " flag: "); ok {
			if _, after, ok := strings.Cut(why, ": "); ok && strings.HasPrefix(why, "shard ") {
				why = after
			}
			return usageErrorf("--%s %q: %s", name, value, why)
		}
	}
	return usageErrorf("--%s %q: %s", name, value, expect(fl.Value, value))
}

// cutQuoted reads a Go-quoted string at the start of s.
func cutQuoted(s string) (string, string, bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", false
	}
	v, err := strconv.Unquote(q)
	return v, s[len(q):], err == nil
}

// expect says what a flag takes, for the value given.
func expect(v pflag.Value, value string) string {
	switch v.(type) {
	case countValue, intCount:
		if strings.HasPrefix(strings.TrimSpace(value), "-") {
			return "a count cannot be negative: use a whole number, such as 100000, 100,000 or 1e5"
		}
		return "use a whole number, such as 100000, 100,000 or 1e5"
	}
	switch typ := v.Type(); typ {
	case "uint64":
		return "use a whole number from 0 to 18446744073709551615"
	case "int", "int64":
		return "use a whole number, such as 2"
	case "float64":
		return "use a number, such as 0.25"
	case "bool":
		return "use true or false"
	default:
		return "not a valid " + typ
	}
}
