// Package portal holds the Anchor Pathways domain: its vocabulary, the one
// application state machine, routing of residents to pathways, input
// normalisation and the errors every other layer maps to HTTP.
//
// It does no I/O: no database, no HTTP, no clock and no global randomness
// except NewID, so that every rule here can be tested as a pure function and
// shared by handlers, the store and templates alike.
package portal
