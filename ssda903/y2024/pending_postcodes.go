package y2024

// Every rule that needs only the ONS Postcode Directory is implemented (in
// rules_postcodes.go). Rule 229 also needs Ofsted's provider register and
// waits in pending_providers.go.
