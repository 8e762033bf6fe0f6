/// Static tables behind `RosterGenerator`: names, time zones, tags, tracks and
/// project names. Kept apart from the sampling logic so a reader can judge realism.
/// Every entry is free of `,`, `"`, `;` and line breaks, so generated CSV cells never
/// need quoting and list cells split cleanly.
enum GeneratorData {
    // MARK: Names

    /// A name pool: display names (may contain non-ASCII letters) paired with an
    /// ASCII slug used for e-mail addresses.
    struct NamePool: Sendable {
        let first: [(display: String, slug: String)]
        let last: [(display: String, slug: String)]
    }

    private static func pairs(_ list: [String]) -> [(display: String, slug: String)] {
        list.map { entry in
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false)
            if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
            return (entry, entry.lowercased())
        }
    }

    /// Pools by cultural region: 0 Europe/Anglo, 1 Latin America/Iberia,
    /// 2 South Asia, 3 East & Southeast Asia, 4 Sub-Saharan Africa, 5 Middle East & North Africa.
    static let namePools: [NamePool] = [
        NamePool(
            first: pairs([
                "Anna", "Lukas", "Emma", "Jonas", "Clara", "Felix", "Léa|lea", "Hugo", "Zoë|zoe",
                "Oliver", "Amelia", "Noah", "Freya", "Björn|bjorn", "Ingrid", "Marta", "Piotr",
                "Kasia", "Giulia", "Marco", "Eleni", "Niamh", "Seán|sean", "Chloé|chloe", "Jack",
                "Olivia", "Liam", "Grace", "Ethan", "Maja", "Tobias", "Sophie", "Daniel", "Hannah",
            ]),
            last: pairs([
                "Müller|mueller", "Schmidt", "Dubois", "Rossi", "Kowalski", "Nowak", "Jansen",
                "de Vries|devries", "O'Brien|obrien", "Smith", "Brown", "Lindqvist",
                "Papadopoulos", "Novak", "Horvat", "Murphy", "Bauer", "Fischer", "Moreau",
                "Lefèvre|lefevre", "Andersson", "Nielsen", "Kelly", "Walsh", "Taylor", "Wilson",
                "Martin", "Thompson", "Clarke", "Virtanen", "Weber", "Ricci",
            ])),
        NamePool(
            first: pairs([
                "Sofía|sofia", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucía|lucia",
                "João|joao", "Ana", "Gabriel", "Isabela", "Rafael", "Mariana", "Thiago", "Fernanda",
                "Carlos", "Ximena", "Joaquín|joaquin", "Renata", "Emilio", "Paula", "Andrés|andres",
            ]),
            last: pairs([
                "García|garcia", "Rodríguez|rodriguez", "Martínez|martinez", "López|lopez",
                "González|gonzalez", "Hernández|hernandez", "Pérez|perez", "Silva", "Santos",
                "Oliveira", "Souza", "Ramírez|ramirez", "Torres", "Flores", "Castillo", "Morales",
                "Vargas", "Rojas", "Pereira", "Costa", "Mendoza", "Herrera",
            ])),
        NamePool(
            first: pairs([
                "Aarav", "Priya", "Ananya", "Rohan", "Ishaan", "Kavya", "Arjun", "Meera", "Vikram",
                "Sneha", "Aditya", "Diya", "Rahul", "Pooja", "Sanjay", "Nisha", "Bikash", "Sita",
                "Ayesha", "Imran", "Farhan", "Nusrat",
            ]),
            last: pairs([
                "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Kumar", "Das",
                "Menon", "Shrestha", "Thapa", "Gurung", "Rai", "Khan", "Ahmed", "Hossain",
                "Chowdhury", "Bose", "Joshi",
            ])),
        NamePool(
            first: pairs([
                "Wei", "Mei", "Hiroshi", "Yuki", "Haruto", "Sakura", "Jiho", "Minji", "Seo-yeon|seoyeon",
                "Linh", "Minh", "Thu", "Arief", "Siti", "Putri", "Maria", "Paolo", "Jun", "Ling",
                "Kenji", "Aiko", "Hana",
            ]),
            last: pairs([
                "Wang", "Li", "Zhang", "Chen", "Liu", "Tanaka", "Suzuki", "Sato", "Kim", "Park",
                "Lee", "Nguyễn|nguyen", "Trần|tran", "Phạm|pham", "Santoso", "Wijaya", "Reyes",
                "Cruz", "Tan", "Lim",
            ])),
        NamePool(
            first: pairs([
                "Chinedu", "Amara", "Kwame", "Ama", "Wanjiru", "Kamau", "Thabo", "Naledi", "Zanele",
                "Sipho", "Tendai", "Abebe", "Kofi", "Adaeze", "Chiamaka", "Oluwaseun", "Aisha",
                "Musa", "Nia", "Jabari",
            ]),
            last: pairs([
                "Okafor", "Adeyemi", "Mensah", "Boateng", "Otieno", "Mwangi", "Ndlovu", "Dlamini",
                "Khumalo", "Nkosi", "Haile", "Tesfaye", "Uwimana", "Mutua", "Owusu", "Balogun",
                "Banda", "Phiri",
            ])),
        NamePool(
            first: pairs([
                "Omar", "Layla", "Yusuf", "Noor", "Karim", "Leila", "Dariush", "Shirin", "Reza",
                "Sara", "Ali", "Zahra", "Hamza", "Mariam", "Tariq", "Yasmin", "Youssef", "Fatima",
            ]),
            last: pairs([
                "Haddad", "Khoury", "Rahimi", "Hosseini", "Karimi", "Farouk", "Nasser", "Saleh",
                "Aziz", "Mansour", "Jafari", "Sadeghi", "Qasim", "Rashid", "Hamdan", "El Amrani|elamrani",
                "Benali", "Mahmoud",
            ])),
    ]

    /// Reserved example domains (RFC 2606): no real person is ever mailed.
    static let emailDomains = ["example.org", "example.com", "example.net"]

    // MARK: Time zones

    /// A time zone, the name pool most of its members draw from, and its weight
    /// within its region.
    struct Zone: Sendable {
        let identifier: String
        let namePool: Int
        let weight: Int
    }

    /// Regions with their weight in a fully spread community (`zoneSpread` 1).
    /// Region 0 (Europe) is the home region that `zoneSpread` 0 collapses to.
    static let regions: [(name: String, weight: Int, zones: [Zone])] = [
        ("Europe", 30, [
            Zone(identifier: "Europe/London", namePool: 0, weight: 16),
            Zone(identifier: "Europe/Berlin", namePool: 0, weight: 16),
            Zone(identifier: "Europe/Paris", namePool: 0, weight: 10),
            Zone(identifier: "Europe/Madrid", namePool: 1, weight: 8),
            Zone(identifier: "Europe/Amsterdam", namePool: 0, weight: 7),
            Zone(identifier: "Europe/Warsaw", namePool: 0, weight: 7),
            Zone(identifier: "Europe/Stockholm", namePool: 0, weight: 5),
            Zone(identifier: "Europe/Lisbon", namePool: 1, weight: 5),
            Zone(identifier: "Europe/Rome", namePool: 0, weight: 7),
            Zone(identifier: "Europe/Dublin", namePool: 0, weight: 5),
            Zone(identifier: "Europe/Athens", namePool: 0, weight: 4),
            Zone(identifier: "Europe/Helsinki", namePool: 0, weight: 4),
            Zone(identifier: "Europe/Istanbul", namePool: 5, weight: 6),
        ]),
        ("Americas", 30, [
            Zone(identifier: "America/New_York", namePool: 0, weight: 16),
            Zone(identifier: "America/Chicago", namePool: 0, weight: 9),
            Zone(identifier: "America/Denver", namePool: 0, weight: 4),
            Zone(identifier: "America/Phoenix", namePool: 0, weight: 2),
            Zone(identifier: "America/Los_Angeles", namePool: 0, weight: 12),
            Zone(identifier: "America/Toronto", namePool: 0, weight: 7),
            Zone(identifier: "America/Halifax", namePool: 0, weight: 1),
            Zone(identifier: "America/St_Johns", namePool: 0, weight: 1),
            Zone(identifier: "America/Mexico_City", namePool: 1, weight: 9),
            Zone(identifier: "America/Bogota", namePool: 1, weight: 6),
            Zone(identifier: "America/Lima", namePool: 1, weight: 4),
            Zone(identifier: "America/Sao_Paulo", namePool: 1, weight: 14),
            Zone(identifier: "America/Argentina/Buenos_Aires", namePool: 1, weight: 7),
            Zone(identifier: "America/Santiago", namePool: 1, weight: 4),
        ]),
        ("Asia", 25, [
            Zone(identifier: "Asia/Kolkata", namePool: 2, weight: 26),
            Zone(identifier: "Asia/Kathmandu", namePool: 2, weight: 4),
            Zone(identifier: "Asia/Karachi", namePool: 2, weight: 5),
            Zone(identifier: "Asia/Dhaka", namePool: 2, weight: 5),
            Zone(identifier: "Asia/Dubai", namePool: 5, weight: 5),
            Zone(identifier: "Asia/Tehran", namePool: 5, weight: 3),
            Zone(identifier: "Asia/Singapore", namePool: 3, weight: 7),
            Zone(identifier: "Asia/Jakarta", namePool: 3, weight: 7),
            Zone(identifier: "Asia/Manila", namePool: 3, weight: 7),
            Zone(identifier: "Asia/Ho_Chi_Minh", namePool: 3, weight: 5),
            Zone(identifier: "Asia/Shanghai", namePool: 3, weight: 9),
            Zone(identifier: "Asia/Seoul", namePool: 3, weight: 6),
            Zone(identifier: "Asia/Tokyo", namePool: 3, weight: 8),
        ]),
        ("Africa", 10, [
            Zone(identifier: "Africa/Lagos", namePool: 4, weight: 24),
            Zone(identifier: "Africa/Nairobi", namePool: 4, weight: 18),
            Zone(identifier: "Africa/Johannesburg", namePool: 4, weight: 16),
            Zone(identifier: "Africa/Accra", namePool: 4, weight: 10),
            Zone(identifier: "Africa/Cairo", namePool: 5, weight: 12),
            Zone(identifier: "Africa/Casablanca", namePool: 5, weight: 8),
            Zone(identifier: "Africa/Addis_Ababa", namePool: 4, weight: 7),
            Zone(identifier: "Africa/Kigali", namePool: 4, weight: 5),
        ]),
        ("Oceania", 5, [
            Zone(identifier: "Australia/Sydney", namePool: 0, weight: 30),
            Zone(identifier: "Australia/Melbourne", namePool: 0, weight: 25),
            Zone(identifier: "Australia/Brisbane", namePool: 0, weight: 12),
            Zone(identifier: "Australia/Perth", namePool: 0, weight: 10),
            Zone(identifier: "Australia/Adelaide", namePool: 0, weight: 6),
            Zone(identifier: "Pacific/Auckland", namePool: 0, weight: 17),
        ]),
    ]

    // MARK: Tags and tracks

    /// Canonical (lower-case) tags; indices are used as bit positions (< 32).
    static let tags: [String] = [
        "python", "data", "sql", "ml", "statistics", "web", "javascript", "frontend",
        "backend", "design", "ux", "accessibility", "devops", "cloud", "linux", "security",
        "networking", "mobile", "testing", "writing", "product", "career", "open-source",
        "rust", "go", "embedded",
    ]

    /// The way people type the same tags in a form (differs only in case).
    static let tagVariants: [String] = [
        "Python", "Data", "SQL", "ML", "Statistics", "Web", "JavaScript", "Frontend",
        "Backend", "Design", "UX", "Accessibility", "DevOps", "Cloud", "Linux", "Security",
        "Networking", "Mobile", "Testing", "Writing", "Product", "Career", "Open-Source",
        "Rust", "Go", "Embedded",
    ]

    static func tag(_ name: String) -> Int {
        guard let index = tags.firstIndex(of: name) else { fatalError("unknown tag \(name)") }
        return index
    }

    /// A learning track: the area a member mostly works in, its popularity, the tags
    /// it draws from (weighted), and words for project names.
    struct Track: Sendable {
        let name: String
        let weight: Int
        let tagIndices: [Int]
        let cumulative: [Int]
        let projectSubjects: [String]
        let projectKinds: [String]

        init(_ name: String, weight: Int, tags: [(String, Int)], subjects: [String], kinds: [String]) {
            self.name = name
            self.weight = weight
            tagIndices = tags.map { GeneratorData.tag($0.0) }
            var running = 0
            cumulative = tags.map { running += $0.1; return running }
            projectSubjects = subjects
            projectKinds = kinds
        }
    }

    static let tracks: [Track] = [
        Track("data", weight: 28,
              tags: [("python", 5), ("data", 6), ("sql", 4), ("ml", 4), ("statistics", 2), ("writing", 1)],
              subjects: ["Air Quality", "Transit", "Food Bank", "Library Loans", "Rainfall", "Bike Share",
                         "Housing", "School Meals", "Energy Use", "Wildfire"],
              kinds: ["Dashboard", "Forecaster", "Explorer", "Pipeline", "Atlas", "Tracker"]),
        Track("web", weight: 26,
              tags: [("web", 6), ("javascript", 5), ("frontend", 4), ("backend", 3), ("design", 1),
                     ("accessibility", 1), ("testing", 1)],
              subjects: ["Community Garden", "Tool Library", "Volunteer", "Neighbourhood", "Repair Café",
                         "Book Swap", "Event", "Recipe", "Skill Share", "Clinic"],
              kinds: ["Portal", "Site", "Board", "Planner", "Directory", "Hub"]),
        Track("infra", weight: 16,
              tags: [("devops", 5), ("cloud", 5), ("linux", 3), ("networking", 2), ("go", 1), ("security", 2)],
              subjects: ["Self-Hosted", "Homelab", "Build", "Status", "Backup", "Mesh"],
              kinds: ["Platform", "Monitor", "Pipeline", "Cluster", "Toolkit"]),
        Track("security", weight: 6,
              tags: [("security", 6), ("networking", 3), ("linux", 2), ("python", 1)],
              subjects: ["Password", "Phishing", "Threat", "Privacy", "Audit"],
              kinds: ["Checker", "Trainer", "Scanner", "Playbook"]),
        Track("design", weight: 8,
              tags: [("design", 5), ("ux", 5), ("accessibility", 2), ("frontend", 1), ("writing", 1)],
              subjects: ["Design System", "Onboarding", "Wayfinding", "Form", "Icon"],
              kinds: ["Kit", "Redesign", "Study", "Library"]),
        Track("mobile", weight: 8,
              tags: [("mobile", 6), ("design", 1), ("ux", 1), ("testing", 2), ("javascript", 1)],
              subjects: ["Habit", "Transit", "Carpool", "Language", "Step Count", "Market"],
              kinds: ["App", "Companion", "Widget", "Reminder"]),
        Track("systems", weight: 4,
              tags: [("rust", 4), ("go", 3), ("embedded", 3), ("linux", 2)],
              subjects: ["Weather Station", "Sensor", "Synth", "Robot Arm", "Game Boy"],
              kinds: ["Firmware", "Driver", "Emulator", "Controller"]),
        Track("community", weight: 4,
              tags: [("writing", 4), ("product", 3), ("career", 3), ("open-source", 3)],
              subjects: ["Newsletter", "Mentoring", "Docs", "Interview", "Meetup"],
              kinds: ["Guide", "Handbook", "Series", "Toolkit"]),
    ]

    /// Tags that turn up across every track (soft skills and general practice).
    static let crossTags: [Int] = ["career", "writing", "open-source", "testing", "product", "python", "web"]
        .map { tag($0) }

    static let stageNames = ["exploration", "foundation", "application", "mentorship", "leadership"]
}
