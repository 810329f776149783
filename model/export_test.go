package model

// FloatFields is floatFields for the external tests (package model_test),
// so that every test that walks the weights' and drivers' fields walks
// them the same way.
var FloatFields = floatFields
