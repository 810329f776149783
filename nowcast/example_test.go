package nowcast_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/alliancesim/alliancesim/nowcast"
)

// Example reads a small record, estimates the observation model on the
// coded China–Russia path, filters it under hindcast-1992 and prints the
// filtered rung of the last year.
func Example() {
	src := "year,indicator,value,unit,source,verified,note\n"
	for y := 1985; y <= 2025; y++ {
		ex := 0
		switch {
		case y >= 2014:
			ex = 4
		case y >= 2005:
			ex = 1
		}
		code := "" // no joint statement before 1989
		if s, _ := nowcast.ChinaRussia.Rung(y); y >= 1989 {
			code = fmt.Sprint(int(s))
		}
		src += fmt.Sprintf("%d,joint_exercises,%d,count/yr,example,yes,\n%d,statement_code,%s,code 0-4,example,yes,\n", y, ex, y, code)
	}
	rec, err := nowcast.Read("example.csv", strings.NewReader(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := nowcast.Run(context.Background(), nowcast.Options{Record: rec, Particles: 2000, Seed: 1, ForecastDraws: 2000})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := res.Post.Years[len(res.Post.Years)-1]
	fmt.Printf("%d: P(entente or above) = %.2f\n", last.Year, last.Filtered[4]+last.Filtered[5])
	for _, e := range res.Obs.Emissions {
		fmt.Printf("%s: %.2f of the rung's entropy\n", e.Indicator, e.Discrimination.ShareOfEntropy)
	}
	// Output:
	// 2025: P(entente or above) = 1.00
	// joint_exercises: 0.35 of the rung's entropy
	// statement_code: 0.88 of the rung's entropy
}
