def main():
    m = {}
    for i in range(1000000):
        m["k" + str(i)] = i
    print(len(m))
main()
