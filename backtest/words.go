package backtest

import (
	"fmt"
	"strings"
)

// brier formats a Brier score for sentences.
func brier(x float64) string { return fmt.Sprintf("%.3f", x) }

// verb says how a Brier score compares with a reference's (lower is
// better).
func verb(c *Comparison) string {
	switch {
	case c.Brier < c.RefBrier:
		return "beats"
	case c.Brier == c.RefBrier:
		return "ties with"
	}
	return "does not beat"
}

// casesWord is "1 case" or "12 cases".
func casesWord(n int) string {
	if n == 1 {
		return "1 case"
	}
	return fmt.Sprintf("%d cases", n)
}

// Verdict says in words whether the model's Brier score beats the
// references', on how many cases each comparison rests, and the Brier
// skill scores, for example "The model's Brier score 0.120 beats the base
// rate's 0.310 and the logit's 0.280 (12 cases). Brier skill: +0.61
// against the base rate, +0.57 against the logit."
func (r *Report) Verdict() string {
	b := r.ComparisonWith(BaseRate)
	if b == nil {
		return "No case was scored."
	}
	l := r.ComparisonWith(Logit)
	var s strings.Builder
	fmt.Fprintf(&s, "The model's Brier score %s %s the base rate's %s", brier(b.Brier), verb(b), brier(b.RefBrier))
	switch {
	case l == nil:
		fmt.Fprintf(&s, " (%s). No case gives structural covariates, so there is no logit forecast to compare with.", casesWord(b.N))
		fmt.Fprintf(&s, " Brier skill against the base rate: %+.2f.", b.Skill)
		return s.String()
	case l.N == b.N:
		if verb(l) == verb(b) {
			fmt.Fprintf(&s, " and the logit's %s", brier(l.RefBrier))
		} else {
			fmt.Fprintf(&s, " but %s the logit's %s", verb(l), brier(l.RefBrier))
		}
		fmt.Fprintf(&s, " (%s).", casesWord(b.N))
	default:
		fmt.Fprintf(&s, " (%s); on the %d of them with structural covariates, where the model's is %s, it %s the logit's %s (%s left out: %s).",
			casesWord(b.N), l.N, brier(l.Brier), verb(l), brier(l.RefBrier), casesWord(len(l.Excluded)), strings.Join(l.Excluded, ", "))
	}
	fmt.Fprintf(&s, " Brier skill: %+.2f against the base rate, %+.2f against the logit.", b.Skill, l.Skill)
	return s.String()
}
