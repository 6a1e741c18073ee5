// Package newsletter owns Bokjiro's newsletter subscriptions (뉴스레터
// 수신회원관리, seed policy 002 제1조 8): an e-mail address and a birth year,
// kept until the subscriber unsubscribes, and destroyed at once when they do
// (제2조 2.8 "수신 거부 시 즉시 파기").
//
// It must never hold either item outside the vault, and never leave
// anything of a subscription behind its unsubscription: no record, no data
// key, no blind index.
package newsletter
