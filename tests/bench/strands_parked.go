// Memory per parked goroutine: n goroutines (default 100,000) each asleep for a second, each
// with its own buffered channel for the result; peak RSS over a run with n = 0, divided by n.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func nap(i int) int {
	time.Sleep(time.Second)
	return i % 7
}

func main() {
	n := 100000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	futures := make([]chan int, n)
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		futures[i] = c
		go func(i int) { c <- nap(i) }(i)
	}
	sum := 0
	for _, c := range futures {
		sum += <-c
	}
	fmt.Println(sum)
}
