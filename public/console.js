// filled in with search-as-you-type
