package synthpeople

// Names are listed commonest first; they are drawn with Zipf-like weights
// (the k-th name about 1/k^0.9 as often as the first), which is close to
// how first names and surnames are spread among children in England.
var boys = []string{
	"Oliver", "George", "Noah", "Arthur", "Harry", "Leo", "Muhammad", "Jack", "Charlie", "Oscar",
	"Jacob", "Henry", "Thomas", "Freddie", "Alfie", "Theo", "William", "Theodore", "Archie", "Joshua",
	"Alexander", "James", "Isaac", "Edward", "Lucas", "Tommy", "Finley", "Max", "Logan", "Ethan",
	"Mohammed", "Teddy", "Benjamin", "Arlo", "Joseph", "Sebastian", "Harrison", "Elijah", "Adam", "Daniel",
	"Samuel", "Louie", "Mason", "Reuben", "Albie", "Rory", "Jaxon", "Hugo", "Luca", "Zachary",
	"Reggie", "Hunter", "Louis", "Dylan", "Albert", "David", "Jude", "Frankie", "Roman", "Ezra",
	"Toby", "Riley", "Carter", "Ronnie", "Frederick", "Gabriel", "Stanley", "Bobby", "Jesse", "Michael",
	"Elliot", "Grayson", "Mohammad", "Liam", "Jenson", "Ellis", "Harley", "Harvey", "Jayden", "Jake",
	"Matthew", "Nathan", "Kai", "Robert", "Christopher", "Anthony", "Callum", "Kyle", "Connor", "Tyler",
	"Richard", "Andrew", "Peter", "Nicholas", "Jonathan", "Steven", "Kieran", "Declan", "Aaron", "Ryan",
}

var girls = []string{
	"Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow",
	"Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Emily", "Ella",
	"Evelyn", "Phoebe", "Sofia", "Evie", "Charlotte", "Harper", "Millie", "Matilda", "Maya", "Sophie",
	"Alice", "Emilia", "Isabelle", "Ruby", "Luna", "Maisie", "Aria", "Penelope", "Mila", "Bonnie",
	"Eva", "Hallie", "Eliza", "Ada", "Violet", "Esme", "Arabella", "Imogen", "Jessica", "Delilah",
	"Harriet", "Margot", "Layla", "Ellie", "Lottie", "Scarlett", "Aurora", "Thea", "Erin", "Robyn",
	"Hannah", "Chloe", "Lucy", "Elizabeth", "Katherine", "Rebecca", "Abigail", "Megan", "Jasmine", "Molly",
	"Amy", "Holly", "Lauren", "Zara", "Leah", "Niamh", "Bethany", "Courtney", "Caitlin", "Georgia",
	"Victoria", "Samantha", "Rachel", "Natalie", "Jennifer", "Laura", "Nicole", "Kayleigh", "Paige", "Demi",
	"Margaret", "Eleanor", "Josephine", "Alexandra", "Gabrielle", "Susannah", "Frances", "Deborah", "Jacqueline", "Patricia",
}

var surnames = []string{
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
	"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
	"Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
	"Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
	"James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
	"Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
	"Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
	"Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali",
	"Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight",
	"Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
	"Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart",
	"Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West",
	"Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien",
	"Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees",
	"Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe",
	"Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland",
	"Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson", "Bird",
	"Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop",
	"Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls",
	"Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
}

// nicknames are the informal forms a child is often known by, which other
// agencies record instead of the registered name.
var nicknames = map[string][]string{
	"William": {"Bill", "Will", "Billy", "Liam"}, "Alexander": {"Alex", "Alfie", "Xander"}, "Thomas": {"Tom", "Tommy"},
	"James": {"Jim", "Jamie", "Jimmy"}, "Joseph": {"Joe", "Joey"}, "Benjamin": {"Ben", "Benji"}, "Samuel": {"Sam", "Sammy"},
	"Daniel": {"Dan", "Danny"}, "Michael": {"Mike", "Mikey"}, "Matthew": {"Matt"}, "Nathan": {"Nate"}, "Robert": {"Rob", "Bob", "Bobby"},
	"Christopher": {"Chris"}, "Anthony": {"Tony", "Ant"}, "Richard": {"Rich", "Ricky", "Dick"}, "Andrew": {"Andy", "Drew"},
	"Peter": {"Pete"}, "Nicholas": {"Nick", "Nicky"}, "Jonathan": {"Jon", "Jonny"}, "Steven": {"Steve"}, "Edward": {"Ed", "Eddie", "Ted", "Teddy"},
	"Frederick": {"Fred", "Freddie"}, "Theodore": {"Theo", "Teddy"}, "Henry": {"Harry", "Hal"}, "Albert": {"Albie", "Bert"},
	"Zachary": {"Zach", "Zack"}, "Joshua": {"Josh"}, "Sebastian": {"Seb"}, "Gabriel": {"Gabe"}, "Harrison": {"Harry"},
	"Reuben": {"Rube"}, "Louis": {"Lou", "Louie"}, "Elliot": {"Eli"}, "Stanley": {"Stan"}, "Isaac": {"Ike"}, "David": {"Dave", "Davey"},
	"Elizabeth": {"Beth", "Liz", "Lizzie", "Eliza", "Betty"}, "Katherine": {"Kate", "Katie", "Kathy", "Kat"}, "Rebecca": {"Becky", "Becca"},
	"Abigail": {"Abby", "Abbie"}, "Victoria": {"Vicky", "Tori"}, "Samantha": {"Sam", "Sammy"}, "Jennifer": {"Jen", "Jenny"},
	"Margaret": {"Maggie", "Meg", "Peggy"}, "Eleanor": {"Ellie", "Nell", "Nora"}, "Josephine": {"Josie", "Jo"}, "Alexandra": {"Alex", "Lexi", "Sasha"},
	"Gabrielle": {"Gabby"}, "Susannah": {"Sue", "Susie"}, "Frances": {"Fran", "Frankie"}, "Deborah": {"Debbie", "Deb"},
	"Jacqueline": {"Jackie"}, "Patricia": {"Pat", "Trish", "Patty"}, "Charlotte": {"Lottie", "Charlie"}, "Isabella": {"Bella", "Izzy"},
	"Isabelle": {"Izzy", "Belle"}, "Penelope": {"Penny"}, "Matilda": {"Tilly", "Tilda"}, "Florence": {"Flo", "Florrie"},
	"Evelyn": {"Evie"}, "Arabella": {"Bella"}, "Harriet": {"Hattie"}, "Jessica": {"Jess", "Jessie"}, "Natalie": {"Nat"},
	"Emilia": {"Millie"}, "Amelia": {"Millie", "Amy"}, "Sophia": {"Sophie"}, "Olivia": {"Liv", "Livvy"}, "Georgia": {"Georgie"},
}

// towns each have a postcode area, so that postcodes and towns agree.
var towns = []struct{ name, area string }{
	{"Leeds", "LS"}, {"Bradford", "BD"}, {"Manchester", "M"}, {"Stockport", "SK"}, {"Oldham", "OL"},
	{"Sheffield", "S"}, {"Birmingham", "B"}, {"Coventry", "CV"}, {"Nottingham", "NG"}, {"Leicester", "LE"},
	{"Bristol", "BS"}, {"Plymouth", "PL"}, {"Norwich", "NR"}, {"Newcastle upon Tyne", "NE"}, {"Sunderland", "SR"},
	{"Liverpool", "L"}, {"Wakefield", "WF"}, {"Huddersfield", "HD"}, {"Derby", "DE"}, {"Stoke-on-Trent", "ST"},
}

var streets = []string{
	"Church", "Station", "Victoria", "Park", "Green", "Manor", "Mill", "School", "Queen", "King",
	"Grange", "Orchard", "Chapel", "Albert", "Windsor", "Springfield", "York", "Highfield", "Beech", "Oak",
	"Willow", "Cedar", "Meadow", "Brook", "Elm", "Ash", "Hawthorn", "Kingsway", "Alexandra", "Clarence",
}

var streetKinds = []string{"Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Grove", "Court"}

// Nicknames returns the informal forms of a first name the generator may
// record in its place, so tests and users can tell a nickname from a typo.
func Nicknames(name string) []string { return nicknames[name] }
