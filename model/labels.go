package model

import (
	"strings"
)

// Label turns an input path into words for tables, charts and the
// sentences of scenario discovery: "china.pressure" becomes "US pressure
// on China" when the rival's id is "us". Unknown paths come back as given.
func (sc *Scenario) Label(path string) string {
	head, key, ok := strings.Cut(path, ".")
	if !ok {
		return path
	}
	rival := sc.Rival.Name
	if sc.Rival.ID != "" && len(sc.Rival.ID) <= 3 {
		rival = strings.ToUpper(sc.Rival.ID)
	}
	if rival == "" {
		rival = "the rival"
	}
	switch head {
	case "dyad":
		switch key {
		case "interdependence":
			return "energy and arms interdependence"
		case "regime_similarity":
			return "regime similarity"
		case "treaty":
			return "the treaty architecture"
		}
		return path
	case "events":
		name, _, _ := strings.Cut(key, ".")
		return "the annual probability of " + strings.ReplaceAll(name, "_", " ")
	case "weights":
		return "the " + strings.ReplaceAll(key, "_", " ") + " weight"
	}
	for _, a := range sc.Actors {
		if a.ID != head {
			continue
		}
		n := a.Name
		switch key {
		case "threat":
			return "the threat " + n + " perceives from the " + rival
		case "pressure":
			return rival + " pressure on " + n
		case "capability":
			return n + "'s capability share"
		case "growth":
			return n + "'s capability growth"
		case "disorder_appetite":
			return n + "'s appetite for disorder"
		case "autonomy_value":
			return n + "'s autonomy value"
		case "self_sufficiency":
			return n + "'s military self-sufficiency"
		case "doctrine":
			return n + "'s non-alignment doctrine"
		case "doctrine_hazard":
			return "the annual chance that " + n + " drops its doctrine"
		}
	}
	return path
}
