// Spawning and awaiting goroutines: n goroutines (default 1,000,000) each computing a small
// function and sending it on its own buffered channel (the future), then a receive from each
// channel and the sum.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func work(i int) int { return i % 7 }

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	futures := make([]chan int, n)
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		futures[i] = c
		go func(i int) { c <- work(i) }(i)
	}
	sum := 0
	for _, c := range futures {
		sum += <-c
	}
	fmt.Println(sum)
}
